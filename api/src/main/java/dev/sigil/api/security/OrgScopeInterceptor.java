package dev.sigil.api.security;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.sigil.api.problem.Problems;
import dev.sigil.issuer.credential.ApiCaller;
import dev.sigil.issuer.error.Problem;

/**
 * Keeps an org-admin token inside its org: every management path that names another org
 * is answered 404, exactly as for an org that does not exist, so a token learns nothing
 * about other tenants. It runs for every handler whose path has an {@code {org}}
 * variable, so a new endpoint cannot forget it.
 */
final class OrgScopeInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (!(variables instanceof Map<?, ?> values) || !(values.get("org") instanceof String org)) {
			return true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ApiCaller caller
				&& !caller.mayAccess(org)) {
			Problems.write(response, Problem.NOT_FOUND, "No org '" + org + "'");
			return false;
		}
		return true;
	}

}
