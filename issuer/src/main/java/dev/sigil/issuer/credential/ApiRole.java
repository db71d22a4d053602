package dev.sigil.issuer.credential;

import java.util.Locale;

import dev.sigil.issuer.error.SigilException;

/** What a management API token may do. */
public enum ApiRole {

	/** Everything, for every org. */
	PLATFORM_ADMIN,

	/**
	 * Everything within one org; another org's paths are not found, and no org can be
	 * created.
	 */
	ORG_ADMIN;

	/** The name in the API: {@code platform-admin} or {@code org-admin}. */
	public String apiName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static ApiRole ofApiName(String name) {
		for (ApiRole role : values()) {
			if (role.apiName().equals(name)) {
				return role;
			}
		}
		throw SigilException.invalid("role must be platform-admin or org-admin");
	}

}
