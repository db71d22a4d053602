package dev.sigil.issuer.federation;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.sigil.issuer.error.SigilException;

/**
 * The platforms a trust policy can trust, each a preset: the claims a policy of that kind
 * must pin (names can be re-registered by someone else, ids cannot) and the defaults it
 * starts from.
 */
public enum Provider {

	/**
	 * Projected service-account tokens: tokens are reused until rotated, so no replay
	 * protection.
	 */
	KUBERNETES(Duration.ofDays(1), false,
			List.of(Set.of("/kubernetes.io/namespace"), Set.of("/kubernetes.io/serviceaccount/name"))),

	/** GitHub Actions OIDC tokens: pin the owner or repository by id. */
	GITHUB(Duration.ofHours(1), true, List.of(Set.of("/repository_owner_id", "/repository_id"))),

	/** GitLab CI id tokens: pin the project or namespace by id. */
	GITLAB(Duration.ofHours(2), true, List.of(Set.of("/project_id", "/namespace_id"))),

	/** Machine tokens of another Sigil org: pin the org by id. */
	SIGIL(Duration.ofHours(1), true, List.of(Set.of("/org_id"))),

	/** Any OIDC issuer: at least one condition beyond issuer and audience. */
	GENERIC(Duration.ofDays(1), true, List.of());

	private final Duration defaultMaxLifetime;

	private final boolean defaultReplayProtection;

	/** Each set: the policy must pin (by equality) at least one of these claims. */
	private final List<Set<String>> requiredPins;

	Provider(Duration defaultMaxLifetime, boolean defaultReplayProtection, List<Set<String>> requiredPins) {
		this.defaultMaxLifetime = defaultMaxLifetime;
		this.defaultReplayProtection = defaultReplayProtection;
		this.requiredPins = requiredPins;
	}

	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

	Duration defaultMaxLifetime() {
		return this.defaultMaxLifetime;
	}

	boolean defaultReplayProtection() {
		return this.defaultReplayProtection;
	}

	List<Set<String>> requiredPins() {
		return this.requiredPins;
	}

	static Provider of(String name) {
		for (Provider provider : values()) {
			if (provider.apiName().equals(name)) {
				return provider;
			}
		}
		throw SigilException.invalid("provider must be one of kubernetes, github, gitlab, sigil, generic");
	}

}
