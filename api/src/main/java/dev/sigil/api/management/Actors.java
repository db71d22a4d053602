package dev.sigil.api.management;

import org.springframework.security.core.Authentication;

import dev.sigil.issuer.credential.ApiCaller;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;

/**
 * Who calls a management endpoint, and how admin events name them: the token's name,
 * never its secret.
 */
final class Actors {

	private Actors() {
	}

	static String of(Authentication caller) {
		return "api-token:" + ((caller != null) ? caller.getName() : "unknown");
	}

	static ApiCaller caller(Authentication authentication) {
		if (authentication != null && authentication.getPrincipal() instanceof ApiCaller caller) {
			return caller;
		}
		throw new SigilException(Problem.UNAUTHENTICATED, "A management API token is required");
	}

}
