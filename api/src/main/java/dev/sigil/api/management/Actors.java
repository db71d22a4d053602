package dev.sigil.api.management;

import org.springframework.security.core.Authentication;

/** Names the caller of a management call in admin events: the API token's name, never its secret. */
final class Actors {

	private Actors() {
	}

	static String of(Authentication caller) {
		return "api-token:" + ((caller != null) ? caller.getName() : "unknown");
	}

}
