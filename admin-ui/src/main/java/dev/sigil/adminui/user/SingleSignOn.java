package dev.sigil.adminui.user;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * Single sign-on through an OpenID Connect provider: the claim named by
 * {@code sigil.admin.sso-role-claim} decides the role. Its value (or one of its values)
 * {@code sso-platform-admin-value} makes a platform admin; {@code <sso-auditor-prefix><org slug>}
 * makes an auditor of that org; anything else is refused. The signed-in person then holds the same
 * {@link AdminPrincipal} as after a password sign-in.
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

	/** The principal the provider's user maps to, or empty when no claim grants a role. */
	public Optional<AdminPrincipal> principalOf(String username, Object claim) {
		List<String> values;
		if (claim == null) {
			values = List.of();
		}
		else if (claim instanceof Collection<?> many) {
			values = many.stream().map(String::valueOf).toList();
		}
		else {
			values = List.of(String.valueOf(claim));
		}
		if (values.contains(this.properties.ssoPlatformAdminValue())) {
			return Optional.of(AdminPrincipal.external(username, AdminRole.PLATFORM_ADMIN, null));
		}
		for (String value : values) {
			if (value.startsWith(this.properties.ssoAuditorPrefix())) {
				String slug = value.substring(this.properties.ssoAuditorPrefix().length());
				try {
					return Optional.of(AdminPrincipal.external(username, AdminRole.ORG_AUDITOR,
							this.tenants.org(slug).getId()));
				}
				catch (SigilException ex) {
					// an auditor group of an org that does not exist grants nothing
				}
			}
		}
		return Optional.empty();
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OidcUser user = (OidcUser) authentication.getPrincipal();
		String username = "sso:" + ((user.getPreferredUsername() != null) ? user.getPreferredUsername()
				: user.getSubject());
		Optional<AdminPrincipal> principal = principalOf(username, user.getClaims().get(this.properties.ssoRoleClaim()));
		if (principal.isEmpty()) {
			this.events.record("user:" + username, "signin.failed", null, username, "no role in the SSO claims");
			SecurityContextHolder.clearContext();
			request.getSession().invalidate();
			response.sendRedirect(request.getContextPath() + "/admin/login?error");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal.get(), null,
				principal.get().getAuthorities()));
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		this.events.record("user:" + username, "signin.succeeded", principal.get().orgId(), username, "single sign-on");
		response.sendRedirect(request.getContextPath() + "/admin/tokens");
	}

}
