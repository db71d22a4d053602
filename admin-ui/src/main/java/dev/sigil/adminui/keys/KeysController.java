package dev.sigil.adminui.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.rotation.SigningKeyManager;

/**
 * The keys page: every org's keys with state, algorithm and transition times; platform
 * admins rotate or revoke after a confirmation step, and each action is an admin event.
 */
@Controller
class KeysController {

	private final SigningKeyManager keys;

	private final AdminScope scope;

	KeysController(SigningKeyManager keys, AdminScope scope) {
		this.keys = keys;
		this.scope = scope;
	}

	@GetMapping("/admin/keys")
	String keys(@AuthenticationPrincipal AdminPrincipal principal, Model model) {
		Map<Org, List<SigningKey>> byOrg = new LinkedHashMap<>();
		for (Org org : this.scope.visibleOrgs(principal)) {
			byOrg.put(org, this.keys.keysOf(org.getId()));
		}
		model.addAttribute("byOrg", byOrg);
		model.addAttribute("principal", principal);
		return "admin/keys";
	}

	@GetMapping("/admin/keys/{org}/confirm")
	String confirm(@AuthenticationPrincipal AdminPrincipal principal, @PathVariable String org,
			@RequestParam String action, @RequestParam(required = false) String kid, Model model) {
		Org found = this.scope.org(principal, org);
		if (!action.equals("rotate") && !action.equals("revoke")) {
			throw SigilException.invalid("Unknown action");
		}
		if (action.equals("revoke")) {
			SigningKey key = this.keys.keysOf(found.getId())
				.stream()
				.filter((candidate) -> candidate.getKid().equals(kid))
				.findFirst()
				.orElseThrow(AdminScope::notFound);
			model.addAttribute("key", key);
		}
		model.addAttribute("org", found);
		model.addAttribute("action", action);
		model.addAttribute("principal", principal);
		return "admin/key-confirm";
	}

	@PostMapping("/admin/keys/{org}/rotate")
	String rotate(@AuthenticationPrincipal AdminPrincipal principal, @PathVariable String org,
			RedirectAttributes redirect) {
		Org found = this.scope.org(principal, org);
		SigningKeyManager.RotationResult result = this.keys.rotate(found.getId(), actor(principal));
		redirect.addFlashAttribute("message", "Rotated " + found.getSlug() + ": " + result.activated().getKid()
				+ " is now ACTIVE, " + result.retired().getKid() + " RETIRED.");
		return "redirect:/admin/keys";
	}

	@PostMapping("/admin/keys/{org}/revoke")
	String revoke(@AuthenticationPrincipal AdminPrincipal principal, @PathVariable String org, @RequestParam String kid,
			RedirectAttributes redirect) {
		Org found = this.scope.org(principal, org);
		this.keys.revoke(found.getId(), kid, actor(principal));
		redirect.addFlashAttribute("message", "Revoked " + kid + " of " + found.getSlug() + ".");
		return "redirect:/admin/keys";
	}

	private static String actor(AdminPrincipal principal) {
		return "user:" + principal.getUsername();
	}

}
