package dev.sigil.adminui;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.keystore.KeyRotationRefusedException;
import dev.sigil.keystore.UnknownKeyException;

/** Renders failures of admin pages as pages, with the status the failure calls for. */
@ControllerAdvice(basePackages = "dev.sigil.adminui")
class AdminErrors {

	@ExceptionHandler(SigilException.class)
	String sigil(SigilException ex, Model model, HttpServletResponse response) {
		response.setStatus(ex.problem().status());
		model.addAttribute("status", ex.problem().status());
		model.addAttribute("title", ex.problem().title());
		model.addAttribute("detail", ex.problem().status() == 404 ? "There is nothing here." : ex.getMessage());
		return "admin/error";
	}

	@ExceptionHandler(UnknownKeyException.class)
	String unknownKey(UnknownKeyException ex, Model model, HttpServletResponse response) {
		return sigil(AdminScope.notFound(), model, response);
	}

	@ExceptionHandler(KeyRotationRefusedException.class)
	String refused(KeyRotationRefusedException ex, Model model, HttpServletResponse response) {
		response.setStatus(409);
		model.addAttribute("status", 409);
		model.addAttribute("title", "Not yet");
		model.addAttribute("detail", ex.getMessage() + ". Possible from " + ex.retryAt() + ".");
		return "admin/error";
	}

	@ExceptionHandler(IllegalArgumentException.class)
	String badInput(IllegalArgumentException ex, Model model, HttpServletResponse response) {
		response.setStatus(400);
		model.addAttribute("status", 400);
		model.addAttribute("title", "Invalid request");
		model.addAttribute("detail", ex.getMessage());
		return "admin/error";
	}

	@ExceptionHandler(org.springframework.web.servlet.resource.NoResourceFoundException.class)
	String noResource(Exception ex, Model model, HttpServletResponse response) {
		return sigil(AdminScope.notFound(), model, response);
	}

	@ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
	String typeMismatch(Exception ex, Model model, HttpServletResponse response) {
		return sigil(AdminScope.notFound(), model, response);
	}

}
