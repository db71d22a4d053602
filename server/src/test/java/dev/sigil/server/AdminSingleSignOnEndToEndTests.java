package dev.sigil.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on to the admin UI through an OpenID Connect provider (a stand-in here, with its own
 * signing key): the authorization code flow end to end, and the role claim deciding what the person
 * may do.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
class AdminSingleSignOnEndToEndTests {

	private static final TestPorts PORTS = new TestPorts();

	private static final Provider PROVIDER = new Provider();

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		PORTS.register(registry);
		String prefix = "spring.security.oauth2.client.";
		registry.add(prefix + "registration.corp.client-id", () -> "sigil-admin");
		registry.add(prefix + "registration.corp.client-secret", () -> "stand-in-secret");
		registry.add(prefix + "registration.corp.client-name", () -> "Corp SSO");
		registry.add(prefix + "registration.corp.scope", () -> "openid");
		registry.add(prefix + "registration.corp.authorization-grant-type", () -> "authorization_code");
		registry.add(prefix + "registration.corp.redirect-uri", () -> "{baseUrl}/admin/login/oauth2/code/{registrationId}");
		registry.add(prefix + "provider.corp.authorization-uri", () -> PROVIDER.url("/authorize"));
		registry.add(prefix + "provider.corp.token-uri", () -> PROVIDER.url("/token"));
		registry.add(prefix + "provider.corp.jwk-set-uri", () -> PROVIDER.url("/jwks"));
		registry.add(prefix + "provider.corp.user-name-attribute", () -> "sub");
	}

	@AfterAll
	static void stopProvider() {
		PROVIDER.server.stop(0);
	}

	@Test
	void signInWhenProviderSaysPlatformAdminThenSeesEverything() {
		AdminSession session = new AdminSession(PORTS.adminPort);
		assertThat(session.get("/admin/login").body()).contains("Sign in with Corp SSO");
		HttpResponse<String> landed = signIn(session, "alice", List.of("engineering", "sigil-platform-admins"));
		assertThat(landed.headers().firstValue("Location").orElseThrow()).endsWith("/admin/tokens");
		HttpResponse<String> tokens = session.get("/admin/tokens");
		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThat(tokens.body()).contains("sso:alice").contains("PLATFORM_ADMIN");
		assertThat(session.get("/admin/users").statusCode()).isEqualTo(200);
		assertThat(this.jdbc.sql("select count(*) from admin_event where action = 'signin.succeeded' and subject = 'sso:alice'")
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void signInWhenProviderSaysAuditorOfAnOrgThenOnlyThatOrgAndReadOnly() {
		TestMachine mine = new SigilClient(PORTS).newMachine("sso-mine");
		TestMachine theirs = new SigilClient(PORTS).newMachine("sso-theirs");
		AdminSession session = new AdminSession(PORTS.adminPort);
		signIn(session, "bob", List.of("sigil-auditors-" + mine.org()));
		assertThat(session.get("/admin/tokens").body()).contains("ORG_AUDITOR");
		assertThat(session.get("/admin/orgs/" + mine.org()).statusCode()).isEqualTo(200);
		assertThat(session.get("/admin/orgs/" + theirs.org()).statusCode()).isEqualTo(404);
		assertThat(session.get("/admin/users").statusCode()).isEqualTo(403);
	}

	@Test
	void signInWhenProviderGrantsNoRoleThenRefused() {
		AdminSession session = new AdminSession(PORTS.adminPort);
		HttpResponse<String> refused = signIn(session, "mallory", List.of("engineering"));
		assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login?error");
		assertThat(session.get("/admin/tokens").statusCode()).isEqualTo(302);
	}

	/** Runs the authorization code flow as a browser would; returns Sigil's answer to the callback. */
	private static HttpResponse<String> signIn(AdminSession session, String username, List<String> groups) {
		HttpResponse<String> toProvider = session.get("/admin/oauth2/authorization/corp");
		assertThat(toProvider.statusCode()).isEqualTo(302);
		URI authorize = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
		assertThat(authorize.toString()).startsWith(PROVIDER.url("/authorize"));
		Map<String, String> query = query(authorize);
		assertThat(query).containsEntry("client_id", "sigil-admin").containsEntry("response_type", "code");
		String code = PROVIDER.grant(username, groups, query.get("nonce"));
		URI callback = URI.create(query.get("redirect_uri"));
		assertThat(callback.getPath()).isEqualTo("/admin/login/oauth2/code/corp");
		return session.get(callback.getPath() + "?code=" + code + "&state=" + query.get("state"));
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> values = new HashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			int equals = pair.indexOf('=');
			values.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return values;
	}

	/** An OpenID provider stand-in: hands out ID tokens for codes the test grants. */
	private static final class Provider {

		final HttpServer server;

		final RSAKey key;

		final Map<String, JWTClaimsSet> grants = new java.util.concurrent.ConcurrentHashMap<>();

		Provider() {
			try {
				this.key = new RSAKeyGenerator(2048).keyID("stand-in").generate();
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/jwks", (exchange) -> reply(exchange, 200,
					new JWKSet(this.key.toPublicJWK()).toString()));
			this.server.createContext("/token", this::token);
			this.server.start();
		}

		String url(String path) {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
		}

		String grant(String username, List<String> groups, String nonce) {
			String code = java.util.UUID.randomUUID().toString();
			Instant now = Instant.now();
			this.grants.put(code, new JWTClaimsSet.Builder().issuer(url("")).subject("id-" + username)
				.audience("sigil-admin")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)))
				.claim("nonce", nonce)
				.claim("preferred_username", username)
				.claim("groups", groups)
				.build());
			return code;
		}

		private void token(HttpExchange exchange) throws IOException {
			String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String code = null;
			for (String pair : form.split("&")) {
				if (pair.startsWith("code=")) {
					code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
				}
			}
			JWTClaimsSet claims = (code != null) ? this.grants.remove(code) : null;
			if (claims == null) {
				reply(exchange, 400, "{\"error\":\"invalid_grant\"}");
				return;
			}
			try {
				SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stand-in")
					.type(JOSEObjectType.JWT)
					.build(), claims);
				idToken.sign(new RSASSASigner(this.key));
				reply(exchange, 200, "{\"access_token\":\"stand-in-access\",\"token_type\":\"Bearer\",\"expires_in\":300,"
						+ "\"scope\":\"openid\",\"id_token\":\"" + idToken.serialize() + "\"}");
			}
			catch (Exception ex) {
				reply(exchange, 500, "{\"error\":\"server_error\"}");
			}
		}

		private static void reply(HttpExchange exchange, int status, String json) throws IOException {
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		}

	}

}
