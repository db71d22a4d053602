package dev.sigil.issuer.web;

import org.springframework.core.Ordered;

/**
 * The order of every servlet filter and security filter chain of the server, in one
 * place, lowest first. Port routing runs before anything else, so that no port answers
 * another's paths; the filters that answer the hot paths (issuer documents, the machine
 * token endpoint) come right after it, ahead of Spring MVC and Spring Security; then the
 * security chains, most specific first.
 */
public final class FilterOrder {

	/**
	 * Keeps each port to its own paths (and answers error dispatches of the
	 * machine-facing ports).
	 */
	public static final int PORT_ROUTING = Ordered.HIGHEST_PRECEDENCE;

	/**
	 * Cached discovery documents and JWKS; the machine token endpoint; the token
	 * endpoint's guard.
	 */
	public static final int HOT_PATHS = Ordered.HIGHEST_PRECEDENCE + 1;

	/** Refuses API request bodies past the limit before they are read. */
	public static final int REQUEST_BODY_LIMIT = -200;

	/** The authorization server's per-org token endpoint (token exchange). */
	public static final int AUTHORIZATION_SERVER_CHAIN = Ordered.HIGHEST_PRECEDENCE;

	/** The API description's pages for signed-in admins (sessions of the admin UI). */
	public static final int API_DOCS_CHAIN = 5;

	/** The machine and management APIs (bearer credentials). */
	public static final int API_CHAIN = 10;

	/** The admin UI (sessions, sign-in). */
	public static final int ADMIN_UI_CHAIN = 20;

	private FilterOrder() {
	}

}
