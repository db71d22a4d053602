package dev.sigil.adminui.user;

import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.sigil.adminui.AdminScope;
import dev.sigil.issuer.error.SigilException;

/** Platform admins see and add the people who may sign in. */
@Controller
class UsersController {

	private final AdminUsers users;

	private final AdminScope scope;

	UsersController(AdminUsers users, AdminScope scope) {
		this.users = users;
		this.scope = scope;
	}

	@GetMapping("/admin/users")
	String users(@AuthenticationPrincipal AdminPrincipal principal, Model model) {
		model.addAttribute("users", this.users.all());
		model.addAttribute("orgs", this.scope.visibleOrgs(principal));
		model.addAttribute("principal", principal);
		return "admin/users";
	}

	@PostMapping("/admin/users")
	String create(@AuthenticationPrincipal AdminPrincipal principal, @RequestParam String username,
			@RequestParam String password, @RequestParam String role, @RequestParam(required = false) String org,
			RedirectAttributes redirect) {
		AdminRole chosen;
		try {
			chosen = AdminRole.valueOf(role);
		}
		catch (IllegalArgumentException ex) {
			throw SigilException.invalid("Unknown role");
		}
		UUID orgId = (org == null || org.isBlank()) ? null : this.scope.org(principal, org).getId();
		this.users.create(username, password, chosen, orgId, "user:" + principal.getUsername());
		redirect.addFlashAttribute("message", "Added " + username + ".");
		return "redirect:/admin/users";
	}

}
