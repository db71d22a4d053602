package dev.sigil.adminui.user;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Turns sign-in outcomes into lock-out bookkeeping, admin events and counts by reason.
 */
@Component
class SignInEvents {

	private final AdminUsers users;

	private final MeterRegistry meters;

	SignInEvents(AdminUsers users, MeterRegistry meters) {
		this.users = users;
		this.meters = meters;
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof AdminPrincipal principal) {
			this.users.signedIn(principal.getUsername(), principal.orgId());
		}
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		String reason = switch (event.getException().getClass().getSimpleName()) {
			case "BadCredentialsException" -> "bad-credentials";
			case "LockedException" -> "locked";
			default -> "other";
		};
		this.meters.counter("sigil.admin.signin.failures", "reason", reason).increment();
		if (event.getAuthentication().getPrincipal() instanceof String username && !username.isBlank()) {
			this.users.signInFailed(username.length() > 100 ? username.substring(0, 100) : username,
					event.getException().getClass().getSimpleName());
		}
	}

}
