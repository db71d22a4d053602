package dev.sigil.adminui.user;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in form, with a link per single sign-on provider; Spring Security handles what
 * it posts.
 */
@Controller
class LoginController {

	private final ObjectProvider<ClientRegistrationRepository> registrations;

	LoginController(ObjectProvider<ClientRegistrationRepository> registrations) {
		this.registrations = registrations;
	}

	@GetMapping("/admin/login")
	String login(Model model) {
		List<ClientRegistration> providers = new ArrayList<>();
		if (this.registrations.getIfAvailable() instanceof Iterable<?> all) {
			all.forEach((registration) -> providers.add((ClientRegistration) registration));
		}
		model.addAttribute("providers", providers);
		return "admin/login";
	}

}
