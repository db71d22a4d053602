package dev.sigil.issuer.oidc;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.sigil.issuer.federation.TokenExchanges;
import dev.sigil.issuer.network.ClientAddresses;

/**
 * Reads an RFC 8693 token exchange request. It comes before the authorization server's
 * own converter, which accepts only subject tokens the server issued itself and refuses
 * {@code id_token} subjects. Every parameter but {@code audience} may appear once (RFC
 * 6749, section 3.2).
 */
final class ExchangeGrantConverter implements AuthenticationConverter {

	private static final Set<String> SINGLE = Set.of("grant_type", "client_id", "subject_token", "subject_token_type",
			"requested_token_type", "actor_token", "actor_token_type", "scope");

	private final ClientAddresses clientAddresses;

	ExchangeGrantConverter(ClientAddresses clientAddresses) {
		this.clientAddresses = clientAddresses;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!TokenExchanges.GRANT_TYPE.equals(request.getParameter("grant_type"))) {
			return null;
		}
		for (String name : SINGLE) {
			String[] values = request.getParameterValues(name);
			if (values != null && values.length > 1) {
				throw invalid(name + " must appear once");
			}
		}
		if (request.getParameter("actor_token") != null) {
			throw invalid("actor_token is not supported: Sigil exchanges a subject token alone");
		}
		String subjectToken = request.getParameter("subject_token");
		String subjectTokenType = request.getParameter("subject_token_type");
		if (subjectToken == null || subjectToken.isEmpty()) {
			throw invalid("subject_token is required");
		}
		if (subjectTokenType == null || subjectTokenType.isEmpty()) {
			throw invalid("subject_token_type is required");
		}
		String[] audiences = request.getParameterValues("audience");
		List<String> audienceList = (audiences != null) ? Arrays.stream(audiences).toList() : List.of();
		if (audienceList.size() > 5 || audienceList.stream().anyMatch(String::isBlank)) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error("invalid_target", "at most 5 non-empty audience values", null));
		}
		Authentication client = SecurityContextHolder.getContext().getAuthentication();
		return new ExchangeGrant(client, subjectToken, subjectTokenType, request.getParameter("requested_token_type"),
				audienceList, this.clientAddresses.of(request));
	}

	private static OAuth2AuthenticationException invalid(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error("invalid_request", description, null));
	}

}
