package dev.sigil.adminui.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.App;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;
import dev.sigil.issuer.trust.AppTrustConfigs;

/**
 * An app's page: what its tokens say (subject template, label claims, lifetime), its
 * machines, and the trust configuration of each relying party, ready to copy.
 */
@Controller
class AppController {

	private final TenantDirectory tenants;

	private final AppTrustConfigs configs;

	private final AdminScope scope;

	private final JsonMapper json = JsonMapper.builder().build();

	AppController(TenantDirectory tenants, AppTrustConfigs configs, AdminScope scope) {
		this.tenants = tenants;
		this.configs = configs;
		this.scope = scope;
	}

	@GetMapping("/admin/orgs/{slug}/apps/{name}")
	String app(@AuthenticationPrincipal AdminPrincipal principal, @PathVariable String slug, @PathVariable String name,
			@RequestParam(required = false) String machine, @RequestParam(required = false) String aud, Model model) {
		Org org = this.scope.org(principal, slug);
		App app = this.tenants.app(org.getSlug(), name);
		Map<String, Config> configs = new LinkedHashMap<>();
		for (String target : AppTrustConfigs.TARGETS) {
			configs.put(target, config(target, org.getSlug(), app.getName(), machine, aud));
		}
		model.addAttribute("org", org);
		model.addAttribute("app", app);
		model.addAttribute("machines", this.tenants.machines(org.getSlug(), app.getName()));
		model.addAttribute("machine", machine);
		model.addAttribute("aud", aud);
		model.addAttribute("configs", configs);
		model.addAttribute("principal", principal);
		return "admin/app";
	}

	private Config config(String target, String org, String app, String machine, String aud) {
		try {
			ObjectNode answer = this.configs.generate(target, org, app, machine, aud, AppTrustConfigs.Options.none());
			JsonNode terraform = answer.remove("terraform");
			JsonNode warnings = answer.get("warnings");
			return new Config(this.json.writerWithDefaultPrettyPrinter().writeValueAsString(answer),
					(terraform != null) ? terraform.asString() : null,
					(warnings != null) ? warnings.valueStream().map(JsonNode::asString).toList() : List.of(), null);
		}
		catch (SigilException ex) {
			return new Config(null, null, List.of(), ex.getMessage());
		}
	}

	/**
	 * One relying party's configuration as shown: JSON, Terraform (or null), warnings, or
	 * why there is none.
	 */
	record Config(String json, String terraform, List<String> warnings, String unavailable) {
	}

}
