package dev.sigil.adminui.user;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security handles what it posts. */
@Controller
class LoginController {

	@GetMapping("/admin/login")
	String login() {
		return "admin/login";
	}

}
