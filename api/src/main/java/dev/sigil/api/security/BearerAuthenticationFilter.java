package dev.sigil.api.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.sigil.api.problem.Problems;
import dev.sigil.issuer.credential.ApiTokens;
import dev.sigil.issuer.credential.MachineCredentials;
import dev.sigil.issuer.credential.SecretTokens;
import dev.sigil.issuer.error.Problem;

/**
 * Authenticates {@code Authorization: Bearer} secrets: machine credentials ({@code sgm_})
 * as machines, anything else as a management API token. A secret that matches nothing is
 * a 401 at once.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750, section
 * 2.1</a>
 */
final class BearerAuthenticationFilter extends OncePerRequestFilter {

	private static final String BEARER = "bearer ";

	private final MachineCredentials machines;

	private final ApiTokens apiTokens;

	BearerAuthenticationFilter(MachineCredentials machines, ApiTokens apiTokens) {
		this.machines = machines;
		this.apiTokens = apiTokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.length() <= BEARER.length()
				|| !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			chain.doFilter(request, response);
			return;
		}
		String secret = header.substring(BEARER.length()).trim();
		Optional<Authentication> authentication;
		try {
			authentication = authenticate(secret);
		}
		catch (DataAccessException | TransactionException ex) {
			logger.error("Database unavailable while authenticating: " + ex.getMessage());
			Problems.write(response, Problem.DATABASE_UNAVAILABLE, "The database is unavailable");
			return;
		}
		if (authentication.isEmpty()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			Problems.write(response, Problem.UNAUTHENTICATED, "The bearer credential is not valid");
			return;
		}
		SecurityContextHolder.getContext().setAuthentication(authentication.get());
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private Optional<Authentication> authenticate(String secret) {
		if (secret.startsWith(SecretTokens.MACHINE_PREFIX)) {
			return this.machines.authenticate(secret).map(BearerAuthentication::machine);
		}
		return this.apiTokens.authenticate(secret).map(BearerAuthentication::admin);
	}

}
