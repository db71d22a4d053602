package dev.sigil.adminui;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

import dev.sigil.adminui.user.AdminUiProperties;
import dev.sigil.adminui.user.AdminUsers;
import dev.sigil.adminui.user.SingleSignOn;
import dev.sigil.issuer.web.FilterOrder;

/**
 * Security of the admin UI under {@code /admin} on the internal port: a sign-in form,
 * sessions with CSRF protection on every form, strict security headers, no caching of any
 * page, and actions that change keys or users for platform admins only.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminUiProperties.class)
public class AdminUiConfiguration {

	/**
	 * Scripts, styles and images come only from this server; nothing may frame the pages.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	@Order(FilterOrder.ADMIN_UI_CHAIN)
	SecurityFilterChain adminSecurityFilterChain(HttpSecurity http, AdminUsers users, SingleSignOn singleSignOn,
			ObjectProvider<ClientRegistrationRepository> registrations, PasswordEncoder passwords) throws Exception {
		http.securityMatcher("/admin", "/admin/**");
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(passwords);
		// A locked account's password is not checked at all: that is what the lock-out is
		// for, and it
		// spares a slow hash per guess while someone floods the form.
		provider.setAlwaysPerformAdditionalChecksOnUser(false);
		http.authenticationProvider(provider);
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/admin/login", "/admin/assets/**", "/admin/oauth2/**", "/admin/login/oauth2/**")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/admin/keys/**", "/admin/users/**")
			.hasRole("PLATFORM_ADMIN")
			.requestMatchers("/admin/users/**", "/admin/keys/*/confirm")
			.hasRole("PLATFORM_ADMIN")
			.anyRequest()
			.authenticated());
		http.formLogin((form) -> form.loginPage("/admin/login")
			.loginProcessingUrl("/admin/login")
			.defaultSuccessUrl("/admin/tokens", true)
			.failureUrl("/admin/login?error")
			.permitAll());
		if (registrations.getIfAvailable() != null) {
			// Single sign-on when spring.security.oauth2.client.registration.* names a
			// provider.
			http.oauth2Login((sso) -> sso.loginPage("/admin/login")
				.authorizationEndpoint((authorization) -> authorization.baseUri("/admin/oauth2/authorization"))
				.redirectionEndpoint((redirection) -> redirection.baseUri("/admin/login/oauth2/code/*"))
				// The session gets the person only from the success handler, after the
				// sign-in event.
				.securityContextRepository(new RequestAttributeSecurityContextRepository())
				.successHandler(singleSignOn)
				.failureUrl("/admin/login?error"));
		}
		http.logout((logout) -> logout.logoutUrl("/admin/logout").logoutSuccessUrl("/admin/login?signed-out"));
		http.sessionManagement((sessions) -> sessions.invalidSessionUrl("/admin/login?expired"));
		http.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.frameOptions((frames) -> frames.deny()));
		return http.build();
	}

	/**
	 * The API description's browser pages ({@code /api/docs}, served by springdoc from
	 * {@code /api/swagger-ui/}): for admins signed in to the admin UI, whose session they
	 * share; others are sent to sign in. Swagger UI sets inline styles, so this chain's
	 * policy allows them.
	 */
	@Bean
	@Order(FilterOrder.API_DOCS_CHAIN)
	SecurityFilterChain apiDocsSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/docs", "/api/docs/**", "/api/swagger-ui/**");
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.exceptionHandling((exceptions) -> exceptions
			.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/admin/login")));
		http.headers((headers) -> headers
			.contentSecurityPolicy((csp) -> csp.policyDirectives(
					CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.frameOptions((frames) -> frames.deny()));
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder(12);
	}

}
