package dev.sigil.adminui.user;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * Single sign-on through an OpenID Connect provider. A person is identified by the
 * provider's issuer and their {@code sub} (names can be changed and reused, these
 * cannot); the display name is only shown. Their role comes from the mapping configured
 * for the registration they came through ({@link SsoRoles}); without a match they are
 * refused and told why. The sign-in event is committed before the session holds the
 * person, so there is no session without its record.
 */
@Component
public class SingleSignOn implements AuthenticationSuccessHandler {

	private final AdminUiProperties properties;

	private final TenantDirectory tenants;

	private final AdminEvents events;

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	public SingleSignOn(AdminUiProperties properties, TenantDirectory tenants, AdminEvents events) {
		this.properties = properties;
		this.tenants = tenants;
		this.events = events;
	}

	/**
	 * The principal a person maps to through the registration, or empty when nothing
	 * grants a role.
	 */
	public Optional<AdminPrincipal> principalOf(String registrationId, String identity, String displayName,
			Map<String, Object> claims) {
		SsoRoles roles = this.properties.sso().get(registrationId);
		if (roles == null) {
			return Optional.empty();
		}
		List<String> values = values(claims.get(roles.roleClaim()));
		if (values.stream().anyMatch(roles.platformAdmins()::contains)) {
			return Optional.of(AdminPrincipal.external(identity, displayName, AdminRole.PLATFORM_ADMIN, null));
		}
		for (Map.Entry<String, List<String>> auditor : new java.util.TreeMap<>(roles.auditors()).entrySet()) {
			if (values.stream().anyMatch(auditor.getValue()::contains)) {
				try {
					return Optional.of(AdminPrincipal.external(identity, displayName, AdminRole.ORG_AUDITOR,
							this.tenants.org(auditor.getKey()).getId()));
				}
				catch (SigilException ex) {
					// a mapping to an org that does not exist (any more) grants nothing
				}
			}
		}
		return Optional.empty();
	}

	private static List<String> values(Object claim) {
		if (claim instanceof Collection<?> many) {
			return many.stream().map(String::valueOf).toList();
		}
		return (claim != null) ? List.of(String.valueOf(claim)) : List.of();
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
		OidcUser user = (OidcUser) token.getPrincipal();
		String identity = user.getIssuer() + "#" + user.getSubject();
		String displayName = displayName(user);
		String registration = token.getAuthorizedClientRegistrationId();
		Optional<AdminPrincipal> principal = principalOf(registration, identity, displayName, user.getClaims());
		SecurityContextHolder.clearContext();
		if (principal.isEmpty()) {
			this.events.record("user:" + identity, "signin.refused", null, identity,
					displayName + " via " + registration + ": no role is mapped to this account");
			this.contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
			response.sendRedirect(request.getContextPath() + "/admin/login?refused");
			return;
		}
		// The record first: if it cannot be written, no session holds the person.
		this.events.record("user:" + identity, "signin.succeeded", principal.get().orgId(), identity,
				displayName + " via " + registration);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal.get(), null,
				principal.get().getAuthorities()));
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		response.sendRedirect(request.getContextPath() + "/admin/tokens");
	}

	private static String displayName(OidcUser user) {
		for (String candidate : new String[] { user.getPreferredUsername(), user.getFullName(), user.getEmail() }) {
			if (candidate != null && !candidate.isBlank()) {
				return (candidate.length() > 100) ? candidate.substring(0, 100) : candidate;
			}
		}
		return user.getSubject();
	}

}
