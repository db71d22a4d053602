package dev.sigil.issuer.oidc;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.sigil.issuer.federation.TokenExchanges;
import dev.sigil.issuer.network.ClientAddresses;
import dev.sigil.issuer.token.MachineTokenMinter;
import dev.sigil.issuer.token.TokenProperties;
import dev.sigil.issuer.web.FilterOrder;
import dev.sigil.issuer.web.Ports;
import dev.sigil.keystore.KeyPolicy;
import dev.sigil.keystore.KeyProperties;
import dev.sigil.keystore.ring.KeyRing;

/**
 * Spring Authorization Server as one OpenID Connect issuer per org: on the public port it
 * serves each org's discovery document and JWKS, and on the public and internal ports
 * each org's token endpoint, which answers RFC 8693 token exchange against the org's
 * trust policies.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ IssuerProperties.class, TokenProperties.class })
public class IssuerConfiguration {

	/**
	 * Discovery keys Sigil does not offer: no user info, logout, introspection or client
	 * registration.
	 */
	private static final List<String> WITHHELD = List.of("userinfo_endpoint", "end_session_endpoint",
			"revocation_endpoint", "revocation_endpoint_auth_methods_supported", "introspection_endpoint",
			"introspection_endpoint_auth_methods_supported", "registration_endpoint",
			"code_challenge_methods_supported", "tls_client_certificate_bound_access_tokens",
			"dpop_signing_alg_values_supported", "pushed_authorization_request_endpoint",
			"device_authorization_endpoint", "require_pushed_authorization_requests");

	@Bean
	@Order(FilterOrder.AUTHORIZATION_SERVER_CHAIN)
	SecurityFilterChain issuerSecurityFilterChain(HttpSecurity http, OrgIssuers orgs, TokenExchanges exchanges,
			ClientAddresses clientAddresses, Ports ports) throws Exception {
		RequestMatcher tokenEndpoint = (request) -> IssuerPaths.orgSlugOfTokenEndpoint(request.getRequestURI()) != null;
		ExchangeResponses responses = new ExchangeResponses();
		http.oauth2AuthorizationServer((as) -> {
			RequestMatcher endpoints = as.getEndpointsMatcher();
			// Documents on the public port; the token endpoint there and on the internal
			// port (machines).
			http.securityMatcher(
					(request) -> endpoints.matches(request) && (request.getLocalPort() == ports.publicPort()
							|| (request.getLocalPort() == ports.internalPort() && tokenEndpoint.matches(request))));
			as.oidc((oidc) -> oidc.providerConfigurationEndpoint(
					(provider) -> provider.providerConfigurationCustomizer((document) -> describe(document, orgs))));
			// Token exchange against trust policies: Sigil's converter, client
			// authentication and
			// provider come first, as the built-in ones accept only tokens this server
			// issued itself.
			as.clientAuthentication((clients) -> clients
				.authenticationConverters((converters) -> converters.add(0, new PolicyClientConverter()))
				.authenticationProviders((providers) -> providers.add(0, new PolicyClientProvider()))
				.errorResponseHandler(responses));
			as.tokenEndpoint((token) -> token
				.accessTokenRequestConverters(
						(converters) -> converters.add(0, new ExchangeGrantConverter(clientAddresses)))
				.authenticationProviders((providers) -> providers.add(0, new ExchangeGrantProvider(exchanges, orgs)))
				.accessTokenResponseHandler(responses)
				.errorResponseHandler(responses));
		});
		http.oauth2ResourceServer((resource) -> resource.jwt((jwt) -> jwt.decoder((token) -> {
			throw new BadJwtException("The issuer endpoints accept no bearer tokens");
		})));
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers(tokenEndpoint).authenticated().anyRequest().denyAll());
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.requestCache((cache) -> cache.disable());
		http.csrf((csrf) -> csrf.disable());
		http.headers((headers) -> headers.cacheControl((cache) -> cache.disable()));
		return http.build();
	}

	/**
	 * The key lifecycle rules, checked here against the token lifetime and the JWKS
	 * max-age.
	 */
	@Bean
	KeyPolicy keyPolicy(KeyProperties keys, TokenProperties tokens, IssuerProperties issuer) {
		return KeyPolicy.of(keys, tokens.longestLifetime(), issuer.documentMaxAge());
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings() {
		return AuthorizationServerSettings.builder()
			.multipleIssuersAllowed(true)
			.jwkSetEndpoint(IssuerPaths.JWKS)
			.build();
	}

	@Bean
	JWKSource<SecurityContext> orgJwkSource(OrgIssuers orgs, KeyRing keyRing) {
		return new OrgJwkSource(orgs, keyRing);
	}

	@Bean
	RegisteredClientRepository registeredClientRepository() {
		return new NoRegisteredClients();
	}

	@Bean
	FilterRegistrationBean<TokenEndpointGuard> tokenEndpointGuard(OrgIssuers orgs, IssuerProperties properties) {
		FilterRegistrationBean<TokenEndpointGuard> registration = new FilterRegistrationBean<>(
				new TokenEndpointGuard(orgs, properties));
		registration.setOrder(FilterOrder.HOT_PATHS);
		return registration;
	}

	@Bean
	FilterRegistrationBean<IssuerDocumentFilter> issuerDocumentFilter(OrgIssuers orgs, IssuerProperties properties,
			KeyRing keyRing) {
		FilterRegistrationBean<IssuerDocumentFilter> registration = new FilterRegistrationBean<>(
				new IssuerDocumentFilter(orgs, properties, keyRing));
		// First after port routing: a cached document is served before anything else
		// runs.
		registration.setOrder(FilterOrder.HOT_PATHS);
		return registration;
	}

	private static void describe(OidcProviderConfiguration.Builder document, OrgIssuers orgs) {
		AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
		String algorithm = orgs.byIssuer(context.getIssuer()).map((org) -> org.algorithm().name()).orElse("RS256");
		document.claims((Map<String, Object> claims) -> {
			WITHHELD.forEach(claims::remove);
			claims.put("response_types_supported", List.of("id_token"));
			claims.put("subject_types_supported", List.of("public"));
			claims.put("id_token_signing_alg_values_supported", List.of(algorithm));
			claims.put("scopes_supported", List.of("openid"));
			claims.put("grant_types_supported", List.of(TokenExchanges.GRANT_TYPE));
			claims.put("token_endpoint_auth_methods_supported", List.of("none"));
			claims.put("claims_supported", MachineTokenMinter.CLAIMS);
		});
	}

}
