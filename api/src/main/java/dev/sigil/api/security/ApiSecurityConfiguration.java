package dev.sigil.api.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.sigil.api.ApiProperties;
import dev.sigil.api.problem.Problems;
import dev.sigil.api.problem.RequestBodyLimitFilter;
import dev.sigil.issuer.credential.ApiTokens;
import dev.sigil.issuer.credential.MachineCredentials;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.web.FilterOrder;

/**
 * Security of the management API: stateless bearer authentication; management API tokens
 * may only manage, an org-admin token only its own org. Machines use only the token
 * endpoint, which authenticates them itself.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiSecurityConfiguration {

	/**
	 * Where a machine asks why one of its own tokens is refused (the agent's
	 * {@code explain}).
	 */
	public static final String MACHINE_EXPLAIN_PATH = "/v1/tokens/explain";

	@Bean
	@Order(FilterOrder.API_CHAIN)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, MachineCredentials machines, ApiTokens apiTokens)
			throws Exception {
		http.securityMatcher("/v1/**", "/api/**");
		http.addFilterBefore(new BearerAuthenticationFilter(machines, apiTokens), AnonymousAuthenticationFilter.class);
		// The API description is no secret, and the admin port is the operators' own: the
		// browser
		// pages that read it (/api/docs) need a signed-in admin.
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.GET, "/api/v1/openapi.json", "/api/v1/openapi.json/swagger-config")
			.permitAll()
			.requestMatchers("/api/v1/**")
			.hasAnyRole("PLATFORM_ADMIN", "ORG_ADMIN")
			.requestMatchers(HttpMethod.POST, MACHINE_EXPLAIN_PATH)
			.hasRole("MACHINE")
			.anyRequest()
			.denyAll());
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			Problems.write(response, Problem.UNAUTHENTICATED, "A bearer credential is required");
		})
			.accessDeniedHandler((request, response, ex) -> Problems.write(response, Problem.FORBIDDEN,
					"This credential may not do that")));
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache((cache) -> cache.disable());
		http.csrf((csrf) -> csrf.disable());
		http.formLogin((form) -> form.disable());
		http.httpBasic((basic) -> basic.disable());
		http.logout((logout) -> logout.disable());
		return http.build();
	}

	@Bean
	WebMvcConfigurer orgScope() {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new OrgScopeInterceptor()).addPathPatterns("/api/**");
			}
		};
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ApiProperties api) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(api.maxBodyBytes()));
		registration.setOrder(FilterOrder.REQUEST_BODY_LIMIT);
		return registration;
	}

}
