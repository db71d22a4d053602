package dev.sigil.issuer.credential;

import java.util.List;
import java.util.UUID;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

/**
 * Who is calling the management API: a live API token's id, name and role, and for an org
 * admin the org it is bound to. The secret is not kept.
 */
public record ApiCaller(UUID tokenId, String name, ApiRole role, UUID orgId, String orgSlug, List<String> permissions,
		List<String> apps) {

	/** A caller with every permission of its role. */
	public ApiCaller(UUID tokenId, String name, ApiRole role, UUID orgId, String orgSlug) {
		this(tokenId, name, role, orgId, orgSlug, null, null);
	}

	/**
	 * Whether the token holds every permission of its role (it was not limited, as
	 * exchanged tokens are).
	 */
	public boolean isUnlimited() {
		return this.permissions == null;
	}

	/**
	 * Fails with 403 unless the caller holds the permission for the app
	 * ({@code machines:write} includes {@code machines:read}).
	 * @param app the app the call is about, or null for none in particular
	 */
	public void requirePermission(String permission, String app) {
		if (this.permissions == null) {
			return;
		}
		boolean held = this.permissions.contains(permission)
				|| (permission.equals("machines:read") && this.permissions.contains("machines:write"));
		boolean appAllowed = app == null || this.apps == null || this.apps.contains(app);
		if (!held || !appAllowed) {
			throw new SigilException(Problem.FORBIDDEN,
					"This token may not " + permission + ((app != null) ? " in app '" + app + "'" : ""));
		}
	}

	/** Fails with 403 unless the token holds every permission of its role. */
	public void requireUnlimited(String what) {
		if (this.permissions != null) {
			throw new SigilException(Problem.FORBIDDEN,
					"This token is limited to " + this.permissions + " and may not " + what);
		}
	}

	public boolean isPlatformAdmin() {
		return this.role == ApiRole.PLATFORM_ADMIN;
	}

	/**
	 * Whether the caller may see the org with this slug (another org is "not found" to
	 * it).
	 */
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
