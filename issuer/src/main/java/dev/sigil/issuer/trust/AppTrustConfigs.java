package dev.sigil.issuer.trust;

import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Service;

import tools.jackson.databind.node.ObjectNode;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.issuer.tenant.App;
import dev.sigil.issuer.tenant.Machine;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * The trust configuration of an app (or one of its machines) for each relying party,
 * generated from the app as it is now: its org's issuer and its {@code sub} template.
 */
@Service
public class AppTrustConfigs {

	/** The relying parties a configuration can be generated for. */
	public static final List<String> TARGETS = List.of("aws", "gcp", "azure", "vault", "kubernetes");

	private final TenantDirectory tenants;

	private final IssuerProperties issuer;

	private final TrustConfigGenerator generator = new TrustConfigGenerator();

	public AppTrustConfigs(TenantDirectory tenants, IssuerProperties issuer) {
		this.tenants = tenants;
		this.issuer = issuer;
	}

	/**
	 * The configuration for one relying party.
	 * @param machineName a machine to pin trust to, or null for the whole app
	 * @param audience the audience the machines will ask for, or null for the relying
	 * party's usual one
	 */
	public ObjectNode generate(String target, String orgSlug, String appName, String machineName, String audience,
			Options options) {
		TrustSubject subject = subject(orgSlug, appName, machineName, audience);
		return switch (target.toLowerCase(Locale.ROOT)) {
			case "aws" -> this.generator.aws(subject, options.awsAccountId());
			case "gcp" -> this.generator.gcp(subject,
					new GcpWorkloadPool(options.gcpProjectNumber(), options.gcpPool(), options.gcpProvider()));
			case "azure" -> this.generator.azure(subject);
			case "vault" -> this.generator.vault(subject);
			case "kubernetes" -> this.generator.kubernetes(subject);
			default -> throw SigilException.notFound("No trust configuration for '"
					+ target.replaceAll("[^A-Za-z0-9_-]", "?") + "': one of " + String.join(", ", TARGETS));
		};
	}

	private TrustSubject subject(String orgSlug, String appName, String machineName, String audience) {
		Org org = this.tenants.org(orgSlug);
		App app = this.tenants.app(orgSlug, appName);
		TrustSubject subject = TrustSubject.app(this.issuer.issuerOf(org.getSlug()), org.getId(), org.getSlug(),
				app.getId(), app.getName(), app.getSubjectTemplate().value(),
				(audience != null && !audience.isBlank()) ? audience : null);
		if (machineName != null && !machineName.isBlank()) {
			Machine machine = this.tenants.machine(orgSlug, appName, machineName);
			subject = subject.pinnedTo(machine.getName(), machine.getId());
		}
		return subject;
	}

	/**
	 * Where the configuration goes at the relying party; null parts are written as
	 * placeholders.
	 */
	public record Options(String awsAccountId, String gcpProjectNumber, String gcpPool, String gcpProvider) {

		public static Options none() {
			return new Options(null, null, null, null);
		}

	}

}
