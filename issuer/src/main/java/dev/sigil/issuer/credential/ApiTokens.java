package dev.sigil.issuer.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.issuer.error.SigilException;

/**
 * Makes, checks, lists and revokes management API tokens, and keeps the bootstrap
 * platform-admin token in step with {@code SIGIL_BOOTSTRAP_ADMIN_TOKEN}. Every check
 * reads the database, so a revoked or expired token is refused by every replica at once.
 * Every change is an admin event.
 */
@Service
public class ApiTokens {

	static final String BOOTSTRAP_NAME = "bootstrap";

	/**
	 * The longest lifetime a token may be given; a token without one lives until revoked.
	 */
	public static final Duration MAX_LIFETIME = Duration.ofDays(366);

	private static final String NAME = "[A-Za-z0-9._:@-]{1,100}";

	private final ApiTokenRepository repository;

	private final JdbcClient jdbc;

	private final AdminEvents events;

	private final Clock clock;

	public ApiTokens(ApiTokenRepository repository, JdbcClient jdbc, AdminEvents events, Clock clock) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The caller a secret belongs to, if it is a live API token. Machine credentials
	 * never are.
	 */
	@Transactional
	public Optional<ApiCaller> authenticate(String secret) {
		if (secret == null || secret.isEmpty() || secret.startsWith(SecretTokens.MACHINE_PREFIX)) {
			return Optional.empty();
		}
		byte[] hash = SecretTokens.hash(secret);
		Instant now = this.clock.instant();
		Optional<ApiToken> token = this.repository.findBySecretHash(hash)
			.filter((found) -> SecretTokens.matches(found.getSecretHash(), hash) && found.isLiveAt(now));
		if (token.isEmpty()) {
			return Optional.empty();
		}
		String slug = null;
		if (token.get().getRole() == ApiRole.ORG_ADMIN) {
			slug = liveSlug(token.get().getOrgId()).orElse(null);
			if (slug == null) {
				return Optional.empty();
			}
		}
		this.repository.touch(token.get().getId(), now, now.minusSeconds(60));
		return Optional.of(new ApiCaller(token.get().getId(), token.get().getName(), token.get().getRole(),
				token.get().getOrgId(), slug, token.get().getPermissions(), token.get().getApps()));
	}

	/**
	 * Makes a token; its secret is in the result and nowhere else.
	 * @param orgId the org of an org admin, null for a platform admin
	 * @param lifetime how long it lives, or null until revoked
	 */
	@Transactional
	public NewApiToken create(String name, ApiRole role, UUID orgId, Duration lifetime, String actor) {
		if (name == null || !name.matches(NAME)) {
			throw SigilException.invalid("name must be 1-100 letters, digits, dots, colons, underscores, @ or hyphens");
		}
		if (role == ApiRole.ORG_ADMIN && orgId == null) {
			throw SigilException.invalid("an org-admin token needs an org");
		}
		if (role == ApiRole.PLATFORM_ADMIN && orgId != null) {
			throw SigilException.invalid("a platform-admin token is not bound to an org; leave out org");
		}
		if (lifetime != null
				&& (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0)) {
			throw SigilException.invalid("expires_in_seconds must be between 60 and " + MAX_LIFETIME.toSeconds());
		}
		if (this.repository.existsByNameAndRevokedAtIsNull(name)) {
			throw SigilException.conflict("A live API token named '" + name + "' exists");
		}
		Instant now = this.clock.instant();
		String secret = SecretTokens.newApiToken();
		ApiToken token = new ApiToken(name, role, orgId, SecretTokens.hash(secret), now, actor,
				(lifetime != null) ? now.plus(lifetime) : null);
		this.repository.saveAndFlush(token);
		this.events.record(actor, "api-token.created", orgId, name,
				role.apiName() + ((token.getExpiresAt() != null) ? ", expires " + token.getExpiresAt() : ""));
		return new NewApiToken(token, secret);
	}

	/**
	 * Makes an org-admin token limited to permissions and apps, as a token exchange
	 * grants: short-lived, named for where it came from.
	 */
	@Transactional
	public NewApiToken createLimited(String name, UUID orgId, List<String> permissions, List<String> apps,
			Duration lifetime, String actor) {
		Instant now = this.clock.instant();
		String secret = SecretTokens.newApiToken();
		ApiToken token = new ApiToken(name, ApiRole.ORG_ADMIN, orgId, SecretTokens.hash(secret), now, actor,
				now.plus(lifetime));
		token.limit(List.copyOf(permissions), List.copyOf(apps));
		this.repository.saveAndFlush(token);
		this.events.record(actor, "api-token.created", orgId, name,
				"org-admin limited to " + permissions + " on apps " + apps + ", expires " + token.getExpiresAt());
		return new NewApiToken(token, secret);
	}

	/**
	 * The tokens of one org (org admins), or every token when orgId is null; newest
	 * first.
	 */
	@Transactional(readOnly = true)
	public List<ApiToken> list(UUID orgId) {
		return (orgId != null) ? this.repository.findByOrgIdOrderByCreatedAtDesc(orgId)
				: this.repository.findAllByOrderByCreatedAtDesc();
	}

	/**
	 * Revokes a token at once.
	 * @param visibleOrg the org the revoking caller is bound to, or null for a platform
	 * admin
	 */
	@Transactional
	public ApiToken revoke(UUID id, UUID visibleOrg, String actor) {
		ApiToken token = this.repository.findById(id)
			.filter((found) -> visibleOrg == null || visibleOrg.equals(found.getOrgId()))
			.orElseThrow(() -> SigilException.notFound("No API token " + id));
		if (!token.isRevoked()) {
			token.revoke(this.clock.instant());
			this.repository.saveAndFlush(token);
			this.events.record(actor, "api-token.revoked", token.getOrgId(), token.getName(),
					token.getRole().apiName());
		}
		return token;
	}

	/**
	 * Makes the given secret the bootstrap platform-admin token, so that only the secret
	 * the platform was last started with works.
	 */
	@Transactional
	public void seedBootstrap(String secret) {
		byte[] hash = SecretTokens.hash(secret);
		Optional<ApiToken> live = this.repository.findByNameAndRevokedAtIsNull(BOOTSTRAP_NAME);
		if (live.isPresent() && SecretTokens.matches(live.get().getSecretHash(), hash)) {
			return;
		}
		Instant now = this.clock.instant();
		if (live.isPresent()) {
			live.get().replaceSecret(hash, now);
			this.repository.saveAndFlush(live.get());
			this.events.record("system", "api-token.replaced", null, BOOTSTRAP_NAME,
					"SIGIL_BOOTSTRAP_ADMIN_TOKEN changed; the previous secret stopped working");
			return;
		}
		this.repository
			.saveAndFlush(new ApiToken(BOOTSTRAP_NAME, ApiRole.PLATFORM_ADMIN, null, hash, now, "system", null));
		this.events.record("system", "api-token.created", null, BOOTSTRAP_NAME, "from SIGIL_BOOTSTRAP_ADMIN_TOKEN");
	}

	/**
	 * Revokes the bootstrap token, if one is live: the variable that made it is no longer
	 * set.
	 */
	@Transactional
	public boolean revokeBootstrap() {
		Optional<ApiToken> live = this.repository.findByNameAndRevokedAtIsNull(BOOTSTRAP_NAME);
		live.ifPresent((token) -> {
			token.revoke(this.clock.instant());
			this.repository.saveAndFlush(token);
			this.events.record("system", "api-token.revoked", null, BOOTSTRAP_NAME,
					"SIGIL_BOOTSTRAP_ADMIN_TOKEN is no longer set");
		});
		return live.isPresent();
	}

	private Optional<String> liveSlug(UUID orgId) {
		return this.jdbc.sql("select slug from org where id = ? and deleted_at is null")
			.param(orgId)
			.query(String.class)
			.optional();
	}

}
