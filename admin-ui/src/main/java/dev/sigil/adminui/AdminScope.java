package dev.sigil.adminui;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * What the signed-in person may see: every org for a platform admin, one org for an
 * auditor. Another org is answered as not found, never as forbidden, so its existence
 * does not show.
 */
@Component
public class AdminScope {

	private final TenantDirectory tenants;

	public AdminScope(TenantDirectory tenants) {
		this.tenants = tenants;
	}

	/** The orgs the person may see, by slug. */
	public List<Org> visibleOrgs(AdminPrincipal principal) {
		List<Org> all = this.tenants.orgs();
		if (principal.isPlatformAdmin()) {
			return all;
		}
		return all.stream().filter((org) -> org.getId().equals(principal.orgId())).toList();
	}

	/** The org by slug if the person may see it; otherwise not found. */
	public Org org(AdminPrincipal principal, String slug) {
		Org org;
		try {
			org = this.tenants.org(slug);
		}
		catch (SigilException ex) {
			throw notFound();
		}
		if (!principal.isPlatformAdmin() && !org.getId().equals(principal.orgId())) {
			throw notFound();
		}
		return org;
	}

	/**
	 * The org id a query must be limited to: the auditor's own org always; for a platform
	 * admin the chosen org, or null for all.
	 */
	public UUID queryOrg(AdminPrincipal principal, String chosenSlug) {
		if (chosenSlug == null || chosenSlug.isBlank()) {
			return principal.isPlatformAdmin() ? null : principal.orgId();
		}
		return org(principal, chosenSlug).getId();
	}

	public static SigilException notFound() {
		return SigilException.notFound("Not found");
	}

}
