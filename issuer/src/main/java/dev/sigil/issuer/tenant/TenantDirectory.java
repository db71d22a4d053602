package dev.sigil.issuer.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.issuer.credential.MachineCredentials;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.credential.SubjectTemplate;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.oidc.OrgIssuers;
import dev.sigil.issuer.token.TokenProperties;
import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.rotation.SigningKeyManager;

/**
 * Creates, finds and changes orgs, apps and machines. Inputs are checked by
 * {@link Names}.
 */
@Service
public class TenantDirectory {

	private static final Logger logger = LoggerFactory.getLogger(TenantDirectory.class);

	private final OrgRepository orgs;

	private final AppRepository apps;

	private final MachineRepository machines;

	private final MachineCredentials credentials;

	private final SigningKeyManager keys;

	private final AdminEvents events;

	private final OrgIssuers issuers;

	private final TokenProperties tokens;

	private final Clock clock;

	public TenantDirectory(OrgRepository orgs, AppRepository apps, MachineRepository machines,
			MachineCredentials credentials, SigningKeyManager keys, AdminEvents events, OrgIssuers issuers,
			TokenProperties tokens, Clock clock) {
		this.orgs = orgs;
		this.apps = apps;
		this.machines = machines;
		this.credentials = credentials;
		this.keys = keys;
		this.events = events;
		this.issuers = issuers;
		this.tokens = tokens;
		this.clock = clock;
	}

	/** Creates an org with its first signing key, active when this returns. */
	@Transactional
	public Org createOrg(String slug, String name, SigningAlgorithm algorithm, String actor) {
		String checkedSlug = Names.slug(slug);
		String checkedName = Names.orgName(name);
		if (this.orgs.existsBySlug(checkedSlug)) {
			throw SigilException.conflict("An org with slug '" + checkedSlug
					+ "' exists or existed (the slug of a deleted org is never given to another)");
		}
		Org org = saveUnique(
				() -> this.orgs.saveAndFlush(new Org(checkedSlug, checkedName, algorithm, this.clock.instant())),
				"An org with slug '" + checkedSlug + "' exists");
		this.keys.createInitialKeys(org.getId(), algorithm, actor);
		this.events.record(actor, "org.created", org.getId(), checkedSlug, algorithm.name());
		this.issuers.learnAfterCommit(org.getId());
		logger.info("Created org={} id={}", org.getSlug(), org.getId());
		return org;
	}

	/**
	 * Deletes the org: every machine credential stops working and every key leaves the
	 * JWKS when this commits, on every replica within a second; its issuer answers 404.
	 * Its audit records stay, and its slug is never given to another org.
	 */
	@Transactional
	public void deleteOrg(String slug, String actor) {
		Org org = org(slug);
		Instant now = this.clock.instant();
		this.credentials.revokeAllOfOrg(org.getId());
		int deleted = this.machines.deleteAllOfOrg(org.getId(), now);
		org.delete(now);
		this.orgs.saveAndFlush(org);
		this.keys.revokeAll(org.getId(), actor);
		this.events.record(actor, "org.deleted", org.getId(), slug, deleted + " machines deleted");
		this.issuers.learnAfterCommit(org.getId());
		logger.warn("Deleted org={} id={} with {} machines", slug, org.getId(), deleted);
	}

	@Transactional(readOnly = true)
	public List<Org> orgs() {
		return this.orgs.findByDeletedAtIsNullOrderBySlugAsc();
	}

	@Transactional(readOnly = true)
	public Org org(String slug) {
		return this.orgs.findBySlugAndDeletedAtIsNull(slug)
			.orElseThrow(() -> SigilException.notFound("No org '" + slug + "'"));
	}

	@Transactional
	public App createApp(String orgSlug, String name, String actor) {
		Org org = org(orgSlug);
		String checked = Names.app(name);
		if (this.apps.findByOrgIdAndName(org.getId(), checked).isPresent()) {
			throw SigilException.conflict("App '" + checked + "' exists in org '" + orgSlug + "'");
		}
		App app = saveUnique(() -> this.apps.saveAndFlush(new App(org.getId(), checked, this.clock.instant())),
				"App '" + checked + "' exists in org '" + orgSlug + "'");
		this.events.record(actor, "app.created", org.getId(), checked, null);
		logger.info("Created app={} org={}", checked, orgSlug);
		return app;
	}

	@Transactional(readOnly = true)
	public List<App> apps(String orgSlug) {
		return this.apps.findByOrgIdOrderByNameAsc(org(orgSlug).getId());
	}

	@Transactional(readOnly = true)
	public App app(String orgSlug, String name) {
		Org org = org(orgSlug);
		return this.apps.findByOrgIdAndName(org.getId(), name)
			.orElseThrow(() -> SigilException.notFound("No app '" + name + "' in org '" + orgSlug + "'"));
	}

	/**
	 * Changes what the app's tokens say: the {@code sub} template, the label keys they
	 * carry, their lifetime. Each change is an admin event, and every machine of the app
	 * gets tokens under the new settings from the next request on, on every replica.
	 */
	@Transactional
	public App changeApp(String orgSlug, String name, AppSettings settings, String actor) {
		App app = app(orgSlug, name);
		SubjectTemplate subject = (settings.subject() != null) ? SubjectTemplate.of(settings.subject()) : null;
		List<String> labelClaims = (settings.labelClaims() != null) ? Labels.checkKeys(settings.labelClaims()) : null;
		Duration lifetime = (settings.tokenLifetimeSeconds() != null) ? lifetime(settings.tokenLifetimeSeconds())
				: null;
		String changed = app.change(subject, labelClaims, lifetime);
		if (!changed.isEmpty()) {
			this.apps.saveAndFlush(app);
			this.credentials.forgetAppAfterCommit(app.getId());
			this.events.record(actor, "app.changed", app.getOrgId(), name, changed);
			logger.info("Changed app={} org={}: {}", name, orgSlug, changed);
		}
		return app;
	}

	/**
	 * The app's token lifetime, checked against its bounds; zero for the platform's. The
	 * key policy is built for the largest an app may set (see
	 * {@link TokenProperties#longestLifetime()}).
	 */
	private Duration lifetime(int seconds) {
		if (seconds == 0) {
			return Duration.ZERO;
		}
		Duration lifetime = Duration.ofSeconds(seconds);
		Duration max = this.tokens.appLifetimeMax();
		if (lifetime.compareTo(TokenProperties.APP_LIFETIME_MIN) < 0 || lifetime.compareTo(max) > 0) {
			throw SigilException
				.invalid("token_lifetime_seconds must be between " + TokenProperties.APP_LIFETIME_MIN.toSeconds()
						+ " and " + max.toSeconds() + " (or 0 for the platform's lifetime), got " + seconds);
		}
		return lifetime;
	}

	/**
	 * Creates a machine and its first credential, returned once in the result and never
	 * stored.
	 */
	@Transactional
	public NewMachine createMachine(String orgSlug, String appName, MachineSpec spec, String actor) {
		App app = app(orgSlug, appName);
		String name = Names.machine(spec.name());
		Machine machine = new Machine(app.getOrgId(), app.getId(), name, Names.region(spec.region()),
				Names.image(spec.image()), Names.imageDigest(spec.imageDigest()), this.clock.instant());
		machine.label(Labels.check(spec.labels()));
		if (this.machines.findByAppIdAndNameAndDeletedAtIsNull(app.getId(), name).isPresent()) {
			throw SigilException.conflict("Machine '" + name + "' exists in app '" + appName + "'");
		}
		Machine saved = saveUnique(() -> this.machines.saveAndFlush(machine),
				"Machine '" + name + "' exists in app '" + appName + "'");
		String credential = this.credentials.issue(saved.getId());
		this.events.record(actor, "machine.created", app.getOrgId(), appName + "/" + name, null);
		logger.info("Created machine={} app={} org={}", name, appName, orgSlug);
		return new NewMachine(saved, credential);
	}

	@Transactional(readOnly = true)
	public List<Machine> machines(String orgSlug, String appName) {
		return this.machines.findByAppIdAndDeletedAtIsNullOrderByNameAsc(app(orgSlug, appName).getId());
	}

	@Transactional(readOnly = true)
	public Machine machine(String orgSlug, String appName, String name) {
		App app = app(orgSlug, appName);
		return this.machines.findByAppIdAndNameAndDeletedAtIsNull(app.getId(), name)
			.orElseThrow(() -> SigilException.notFound("No machine '" + name + "' in app '" + appName + "'"));
	}

	/**
	 * Changes what the machine's tokens claim; a change gives a new version. Null fields
	 * stay.
	 */
	@Transactional
	public Machine changeMachine(String orgSlug, String appName, String name, MachineSpec change, String actor) {
		Machine machine = machine(orgSlug, appName, name);
		String region = (change.region() != null) ? Names.region(change.region()) : null;
		String image = (change.image() != null) ? Names.image(change.image()) : null;
		String digest = (change.imageDigest() != null) ? Names.imageDigest(change.imageDigest()) : null;
		var labels = (change.labels() != null) ? Labels.check(change.labels()) : null;
		if (machine.change(region, image, digest, labels, this.clock.instant())) {
			this.machines.saveAndFlush(machine);
			this.credentials.forgetAfterCommit(machine.getId());
			this.events.record(actor, "machine.changed", machine.getOrgId(), appName + "/" + name,
					"version " + machine.getVersion());
			logger.info("Changed machine={} app={} org={} version={}", name, appName, orgSlug, machine.getVersion());
		}
		return machine;
	}

	/** Deletes the machine and revokes its credential at once. */
	@Transactional
	public void deleteMachine(String orgSlug, String appName, String name, String actor) {
		Machine machine = machine(orgSlug, appName, name);
		this.credentials.revokeAll(machine.getId());
		machine.delete(this.clock.instant());
		this.machines.saveAndFlush(machine);
		this.events.record(actor, "machine.deleted", machine.getOrgId(), appName + "/" + name, "credential revoked");
		logger.info("Deleted machine={} app={} org={}", name, appName, orgSlug);
	}

	/** Replaces the machine's credential; the old one stops working when this commits. */
	@Transactional
	public String replaceCredential(String orgSlug, String appName, String name, String actor) {
		Machine machine = machine(orgSlug, appName, name);
		String credential = this.credentials.issue(machine.getId());
		this.events.record(actor, "machine.credential-replaced", machine.getOrgId(), appName + "/" + name,
				"the previous credential stopped working");
		logger.info("Replaced credential of machine={} app={} org={}", name, appName, orgSlug);
		return credential;
	}

	/**
	 * The machine a token exchange speaks for: a named machine of the app, or, for a name
	 * taken from the subject token, that machine registered on first exchange as a
	 * federated one (and changed, with a new version, when the subject token says other
	 * region, image or digest). A machine made with a credential is never taken over by a
	 * name from a token.
	 * @param named whether the policy names the machine (rather than a claim)
	 */
	@Transactional
	public MachineIdentity federatedMachine(UUID orgId, String appName, String machineName, boolean named,
			MachineSpec spec, String issuer, String subject, String actor) {
		Org org = this.orgs.findById(orgId)
			.filter((found) -> !found.isDeleted())
			.orElseThrow(() -> SigilException.notFound("No org " + orgId));
		App app = app(org.getSlug(), appName);
		String name = Names.machine(machineName);
		Optional<Machine> existing = this.machines.findByAppIdAndNameAndDeletedAtIsNull(app.getId(), name);
		Machine machine;
		if (existing.isPresent()) {
			machine = existing.get();
			if (!named && !machine.isFederated()) {
				throw SigilException.conflict("Machine '" + name + "' of app '" + appName
						+ "' has a credential of its own; a token exchange may not speak for it");
			}
			String region = (spec.region() != null) ? Names.region(spec.region()) : null;
			String image = (spec.image() != null) ? Names.image(spec.image()) : null;
			String digest = (spec.imageDigest() != null) ? Names.imageDigest(spec.imageDigest()) : null;
			if (machine.isFederated() && machine.change(region, image, digest, this.clock.instant())) {
				this.machines.saveAndFlush(machine);
				this.credentials.forgetAfterCommit(machine.getId());
				this.events.record(actor, "machine.changed", orgId, appName + "/" + name,
						"version " + machine.getVersion() + " from a token exchange");
			}
		}
		else {
			if (named) {
				throw SigilException.notFound("No machine '" + name + "' in app '" + appName + "'");
			}
			Machine fresh = Machine.federated(orgId, app.getId(), name, Names.region(spec.region()),
					Names.image(spec.image()), Names.imageDigest(spec.imageDigest()), issuer, subject,
					this.clock.instant());
			machine = saveUnique(() -> this.machines.saveAndFlush(fresh),
					"Machine '" + name + "' was registered at the same moment; exchange again");
			this.events.record(actor, "machine.created", orgId, appName + "/" + name,
					"federated: " + issuer + " " + subject);
		}
		return new MachineIdentity(orgId, org.getSlug(), app.getId(), app.getName(), machine.getId(), machine.getName(),
				machine.getVersion(), machine.getRegion(), machine.getImage(), machine.getImageDigest(),
				app.getSubjectTemplate(), Labels.claimed(machine.getLabels(), app.getLabelClaims()),
				!app.getLabelClaims().isEmpty(), app.getTokenLifetime());
	}

	private static <T> T saveUnique(Supplier<T> save, String conflict) {
		try {
			return save.get();
		}
		catch (DataIntegrityViolationException ex) {
			throw SigilException.conflict(conflict);
		}
	}

}
