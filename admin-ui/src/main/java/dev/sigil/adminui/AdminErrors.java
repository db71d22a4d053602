package dev.sigil.adminui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.keystore.rotation.KeyRotationRefusedException;
import dev.sigil.keystore.rotation.UnknownKeyException;

/** Renders failures of admin pages as pages, with the status the failure calls for. */
@ControllerAdvice(basePackages = "dev.sigil.adminui")
class AdminErrors {

	private static final Pattern SECTION = Pattern
		.compile("/admin/(tokens|activity|keys|events|orgs|federation|users|explain)\\b");

	@ExceptionHandler(SigilException.class)
	String sigil(SigilException ex, Model model, HttpServletRequest request, HttpServletResponse response) {
		return page(model, request, response, ex.problem().status(), ex.problem().title(),
				ex.problem().status() == 404 ? "There is nothing here." : ex.getMessage());
	}

	/**
	 * The error page, with the navigation of a signed-in user and a way back to the
	 * section the failed request belonged to (keys after a refused rotation, tokens after
	 * a bad search).
	 */
	private static String page(Model model, HttpServletRequest request, HttpServletResponse response, int status,
			String title, String detail) {
		response.setStatus(status);
		model.addAttribute("status", status);
		model.addAttribute("title", title);
		model.addAttribute("detail", detail);
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof AdminPrincipal principal) {
			model.addAttribute("principal", principal);
		}
		Matcher section = SECTION.matcher(request.getRequestURI());
		String name = section.lookingAt() ? section.group(1) : "tokens";
		model.addAttribute("backTo", "/admin/" + name);
		model.addAttribute("backLabel", "Back to " + name);
		return "admin/error";
	}

	@ExceptionHandler(UnknownKeyException.class)
	String unknownKey(UnknownKeyException ex, Model model, HttpServletRequest request, HttpServletResponse response) {
		return sigil(AdminScope.notFound(), model, request, response);
	}

	@ExceptionHandler(KeyRotationRefusedException.class)
	String refused(KeyRotationRefusedException ex, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		return page(model, request, response, 409, "Not yet",
				ex.getMessage() + ". Possible from " + ex.retryAt() + ".");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	String badInput(IllegalArgumentException ex, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		return page(model, request, response, 400, "Invalid request", ex.getMessage());
	}

	@ExceptionHandler(org.springframework.web.servlet.resource.NoResourceFoundException.class)
	String noResource(Exception ex, Model model, HttpServletRequest request, HttpServletResponse response) {
		return sigil(AdminScope.notFound(), model, request, response);
	}

	@ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
	String typeMismatch(Exception ex, Model model, HttpServletRequest request, HttpServletResponse response) {
		return sigil(AdminScope.notFound(), model, request, response);
	}

}
