package dev.sigil.adminui.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.issuer.tenant.App;
import dev.sigil.issuer.tenant.Machine;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;

/** Orgs, their apps and machines, read-only. */
@Controller
class TenantsController {

	private final TenantDirectory tenants;

	private final AdminScope scope;

	private final IssuerProperties issuer;

	TenantsController(TenantDirectory tenants, AdminScope scope, IssuerProperties issuer) {
		this.tenants = tenants;
		this.scope = scope;
		this.issuer = issuer;
	}

	@GetMapping("/admin/orgs")
	String orgs(@AuthenticationPrincipal AdminPrincipal principal, Model model) {
		model.addAttribute("orgs", this.scope.visibleOrgs(principal));
		model.addAttribute("issuerBase", this.issuer.baseUrl().toString());
		model.addAttribute("principal", principal);
		return "admin/orgs";
	}

	@GetMapping("/admin/orgs/{slug}")
	String org(@AuthenticationPrincipal AdminPrincipal principal, @PathVariable String slug, Model model) {
		Org org = this.scope.org(principal, slug);
		Map<App, List<Machine>> apps = new LinkedHashMap<>();
		for (App app : this.tenants.apps(org.getSlug())) {
			apps.put(app, this.tenants.machines(org.getSlug(), app.getName()));
		}
		model.addAttribute("org", org);
		model.addAttribute("issuer", this.issuer.issuerOf(org.getSlug()));
		model.addAttribute("apps", apps);
		model.addAttribute("principal", principal);
		return "admin/org";
	}

}
