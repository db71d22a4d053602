package dev.sigil.adminui.user;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Turns sign-in outcomes into lock-out bookkeeping and admin events. */
@Component
class SignInEvents {

	private final AdminUsers users;

	SignInEvents(AdminUsers users) {
		this.users = users;
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof AdminPrincipal principal) {
			this.users.signedIn(principal.getUsername(), principal.orgId());
		}
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof String username && !username.isBlank()) {
			this.users.signInFailed(username.length() > 100 ? username.substring(0, 100) : username,
					event.getException().getClass().getSimpleName());
		}
	}

}
