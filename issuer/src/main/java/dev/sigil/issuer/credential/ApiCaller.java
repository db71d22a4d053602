package dev.sigil.issuer.credential;

import java.util.UUID;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

/**
 * Who is calling the management API: a live API token's id, name and role, and for an org admin the
 * org it is bound to. The secret is not kept.
 */
public record ApiCaller(UUID tokenId, String name, ApiRole role, UUID orgId, String orgSlug) {

	public boolean isPlatformAdmin() {
		return this.role == ApiRole.PLATFORM_ADMIN;
	}

	/** Whether the caller may see the org with this slug (another org is "not found" to it). */
	public boolean mayAccess(String slug) {
		return isPlatformAdmin() || (this.orgSlug != null && this.orgSlug.equals(slug));
	}

	/** Fails with 403 unless the caller is a platform admin. */
	public void requirePlatformAdmin(String what) {
		if (!isPlatformAdmin()) {
			throw new SigilException(Problem.FORBIDDEN, "Only a platform-admin token may " + what);
		}
	}

	@Override
	public String toString() {
		return "ApiCaller[" + this.name + ", " + this.role + "]";
	}

}
