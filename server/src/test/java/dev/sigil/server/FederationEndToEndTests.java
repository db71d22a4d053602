package dev.sigil.server;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoders;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token exchange at each org's token endpoint against its trust policies, end to end on
 * real PostgreSQL with real issuers: an independent OpenID issuer over HTTPS issuing
 * Kubernetes- and GitHub-shaped tokens, and another Sigil org. Every pitfall of trusting
 * outside tokens is tried and must be refused with the right error.
 */
class FederationEndToEndTests {

	private static TestIssuer issuer;

	private static TestServer server;

	private static SigilClient client;

	private static String org;

	@BeforeAll
	static void start() throws Exception {
		issuer = TestIssuer.start();
		server = TestServer.start("sigil.admin-username=admin", "sigil.admin-password=federation-test-password",
				"sigil.federation.allow-http-issuers=true", "sigil.federation.ca-file=" + issuer.caFile,
				"sigil.federation.jwks-refresh-interval=60s", "sigil.federation.fetch-timeout=20s");
		client = server.client;
		org = SigilClient.uniqueSlug("fed");
		client.createOrg(org);
		client.createApp(org, "web");
		client.createApp(org, "other");
	}

	@AfterAll
	static void stop() {
		server.close();
		issuer.close();
	}

	@Test
	void kubernetesTokenWhenExchangedThenMachineTokenVerifiedByAResourceServerAndRecorded() throws Exception {
		String policy = createPolicy(kubernetesPolicy("k8s-web")).get("name").asString();
		String pod = "web-" + UUID.randomUUID().toString().substring(0, 6);
		String subject = issuer.token(kubernetesClaims("web", "web", pod));

		HttpResponse<String> answer = exchange(server.ports.internalPort, policy, subject,
				Map.of("audience", "sts.amazonaws.com"));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
		JsonNode body = SigilClient.parse(answer.body());
		assertThat(body.get("issued_token_type").asString()).isEqualTo("urn:ietf:params:oauth:token-type:id_token");
		assertThat(body.get("token_type").asString()).isEqualTo("N_A");
		assertThat(body.get("expires_in").asLong()).isEqualTo(600);

		Jwt jwt = JwtDecoders.fromIssuerLocation(server.ports.issuer(org)).decode(body.get("access_token").asString());
		assertThat(jwt.getSubject()).isEqualTo(org + ":web:" + pod);
		assertThat(jwt.getAudience()).containsExactly("sts.amazonaws.com");
		assertThat(jwt.getClaimAsMap("sigil_federation")).containsEntry("iss", issuer.url())
			.containsEntry("sub", "system:serviceaccount:web:web");
		assertThat(jwt.getClaimAsString("machine_name")).isEqualTo(pod);

		JsonNode machine = SigilClient
			.parse(client.admin("GET", "/api/v1/orgs/" + org + "/apps/web/machines/" + pod, null).body());
		assertThat(machine.get("federated").get("issuer").asString()).isEqualTo(issuer.url());
		JsonNode audit = SigilClient
			.parse(client.admin("GET", "/api/v1/orgs/" + org + "/tokens?jti=" + jwt.getId(), null).body());
		assertThat(audit.get("items")).hasSize(1);
		JsonNode exchanges = SigilClient
			.parse(client.admin("GET", "/api/v1/orgs/" + org + "/token-exchanges?policy=" + policy, null).body());
		assertThat(exchanges.get("items").get(0).get("outcome").asString()).isEqualTo("granted");
		assertThat(exchanges.get("items").get(0).get("issued_jti").asString()).isEqualTo(jwt.getId());
		assertThat(exchanges.get("items").get(0).get("subject").asString()).isEqualTo("system:serviceaccount:web:web");

		HttpResponse<String> onPublicPort = exchange(server.ports.publicPort, policy,
				issuer.token(kubernetesClaims("web", "web", pod)), Map.of());
		assertThat(onPublicPort.statusCode()).as("the token endpoint the discovery document names").isEqualTo(200);
		JsonNode discovery = SigilClient
			.parse(client.publicGet("/" + org + "/.well-known/openid-configuration").body());
		assertThat(discovery.get("token_endpoint").asString()).isEqualTo(server.ports.issuer(org) + "/oauth2/token");
		assertThat(discovery.get("grant_types_supported").toString())
			.contains("urn:ietf:params:oauth:grant-type:token-exchange");

		AdminSession security = new AdminSession(server.ports.adminPort);
		security.signIn("admin", "federation-test-password");
		String page = security.get("/admin/federation?org=" + org + "&policy=" + policy).body();
		assertThat(page).contains(policy).contains(issuer.url()).contains("granted").contains(jwt.getId());
		assertThat(security.get("/admin/orgs/" + org).body()).contains("federated: " + issuer.url());
	}

	@Test
	void githubTokenWhenExchangedForAnApiTokenThenItMayManageItsAppOnlyAndExpires() throws Exception {
		String otherOrg = SigilClient.uniqueSlug("fed-other");
		client.createOrg(otherOrg);
		client.createApp(otherOrg, "web");
		Map<String, Object> policy = new HashMap<>(Map.of("name", "deploy", "issuer", issuer.url(), "provider",
				"github", "keys", Map.of("source", "discovery"), "algorithms", List.of("ES256"), "audiences",
				List.of("sigil"), "must_match", Map.of("/repository_owner_id", "4242", "/ref", "refs/heads/main"),
				"grant", Map.of("type", "api_token", "permissions", List.of("machines:write"), "apps", List.of("web"),
						"ttl_seconds", 900)));
		createPolicy(policy);
		HttpResponse<String> answer = exchange(server.ports.publicPort, "deploy", issuer.token(githubClaims("4242")),
				Map.of("requested_token_type", "urn:ietf:params:oauth:token-type:access_token"));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode body = SigilClient.parse(answer.body());
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").asLong()).isEqualTo(900);
		String token = body.get("access_token").asString();

		String machine = "{\"name\":\"ci-" + UUID.randomUUID().toString().substring(0, 6)
				+ "\",\"region\":\"fra\",\"image\":\"registry.example/web:2\",\"image_digest\":\"" + SigilClient.DIGEST
				+ "\"}";
		assertThat(as(token, "POST", "/api/v1/orgs/" + org + "/apps/web/machines", machine).statusCode())
			.isEqualTo(201);
		assertThat(as(token, "POST", "/api/v1/orgs/" + org + "/apps/other/machines", machine).statusCode())
			.isEqualTo(403);
		assertThat(as(token, "POST", "/api/v1/orgs/" + otherOrg + "/apps/web/machines", machine).statusCode())
			.isEqualTo(404);
		assertThat(as(token, "POST", "/api/v1/orgs/" + org + "/keys/rotate", null).statusCode()).isEqualTo(403);
		server.bean(TestClock.class).advance(Duration.ofMinutes(16));
		try {
			assertThat(as(token, "GET", "/api/v1/orgs/" + org + "/apps/web/machines", null).statusCode())
				.as("after the policy's ttl")
				.isEqualTo(401);
		}
		finally {
			server.bean(TestClock.class).advance(Duration.ofMinutes(-16));
		}
	}

	@Test
	void anotherSigilOrgsMachineTokenWhenExchangedThenActsInThisOrg() throws Exception {
		SigilClient.TestMachine foreign = client.newMachine("fed-a");
		String foreignOrgId = SigilClient.parse(client.admin("GET", "/api/v1/orgs/" + foreign.org(), null).body())
			.get("id")
			.asString();
		Map<String, Object> policy = new HashMap<>(Map.of("name", "from-" + foreign.org(), "issuer",
				server.ports.issuer(foreign.org()), "provider", "sigil", "keys", Map.of("source", "discovery"),
				"algorithms", List.of("RS256"), "audiences", List.of(server.ports.issuer(org)), "must_match",
				Map.of("/org_id", foreignOrgId, "/app_name", "web"), "grant",
				Map.of("type", "machine", "app", "web", "machine_name_from", "/machine_name", "region", "fra", "image",
						Map.of("from", "/image"), "image_digest", Map.of("from", "/image_digest"))));
		createPolicy(policy);
		String subject = client.issueToken(foreign.credential(), server.ports.issuer(org));
		HttpResponse<String> answer = exchange(server.ports.internalPort, "from-" + foreign.org(), subject, Map.of());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		Jwt jwt = JwtDecoders.fromIssuerLocation(server.ports.issuer(org))
			.decode(SigilClient.parse(answer.body()).get("access_token").asString());
		assertThat(jwt.getSubject()).isEqualTo(org + ":web:" + foreign.name());
		assertThat(jwt.getClaimAsMap("sigil_federation")).containsEntry("iss", server.ports.issuer(foreign.org()));
		assertThat(exchange(server.ports.internalPort, "from-" + foreign.org(), subject, Map.of()).body())
			.as("the sigil preset protects against replay")
			.contains("invalid_grant")
			.contains("exchanged already");
	}

	@Test
	void subjectTokenWhenReplayedOrSentTwiceAtOnceThenExactlyOneExchangeSucceeds() throws Exception {
		createPolicy(githubPolicy("once", "777"));
		String token = issuer.token(githubClaims("777"));
		assertThat(exchange(server.ports.publicPort, "once", token, Map.of()).statusCode()).isEqualTo(200);
		HttpResponse<String> again = exchange(server.ports.publicPort, "once", token, Map.of());
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("invalid_grant").contains("exchanged already");

		String racing = issuer.token(githubClaims("777"));
		ExecutorService pool = Executors.newFixedThreadPool(2);
		CountDownLatch go = new CountDownLatch(1);
		try {
			Callable<Integer> send = () -> {
				go.await();
				return exchange(server.ports.publicPort, "once", racing, Map.of()).statusCode();
			};
			Future<Integer> first = pool.submit(send);
			Future<Integer> second = pool.submit(send);
			go.countDown();
			assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 400);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void pitfallsWhenTriedThenEachRefusedNamingWhy() throws Exception {
		createPolicy(githubPolicy("strict", "900"));
		Instant now = Instant.now();
		Map<String, String> expectations = new java.util.LinkedHashMap<>();
		PlainJWT none = new PlainJWT(new JWTClaimsSet.Builder().issuer(issuer.url())
			.claim("repository_owner_id", "900")
			.audience("sigil")
			.expirationTime(Date.from(now.plusSeconds(300)))
			.build());
		expectations.put(none.serialize(), "invalid_grant|malformed");
		SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.key.getKeyID()).build(),
				claims(githubClaims("900")));
		hmac.sign(new MACSigner(padded(issuer.key.toPublicJWK().toJSONString())));
		expectations.put(hmac.serialize(), "invalid_grant|algorithm is not one the policy allows");
		expectations.put(issuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
				claims(githubClaims("900"))), "invalid_grant|names no key");
		expectations.put(issuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("unknown-kid").build(),
				claims(githubClaims("900"))), "invalid_grant|unknown key");
		Map<String, Object> wrongIssuer = githubClaims("900");
		wrongIssuer.put("iss", issuer.url() + "/");
		expectations.put(issuer.token(wrongIssuer), "invalid_grant|unknown issuer");
		Map<String, Object> wrongAudience = githubClaims("900");
		wrongAudience.put("aud", "someone-else");
		expectations.put(issuer.token(wrongAudience), "invalid_grant|audience");
		Map<String, Object> noExpiry = githubClaims("900");
		noExpiry.put("exp", null);
		expectations.put(issuer.token(noExpiry), "invalid_grant|exp: the subject token has no expiry");
		Map<String, Object> expired = githubClaims("900");
		expired.put("iat", Date.from(now.minusSeconds(900)));
		expired.put("exp", Date.from(now.minusSeconds(300)));
		expectations.put(issuer.token(expired), "invalid_grant|expired");
		Map<String, Object> notYet = githubClaims("900");
		notYet.put("nbf", Date.from(now.plusSeconds(600)));
		expectations.put(issuer.token(notYet), "invalid_grant|not yet valid");
		Map<String, Object> year = githubClaims("900");
		year.put("exp", Date.from(now.plus(Duration.ofDays(365))));
		expectations.put(issuer.token(year), "invalid_grant|lifetime");
		Map<String, Object> otherOwner = githubClaims("901");
		expectations.put(issuer.token(otherOwner), "invalid_grant|must_match /repository_owner_id");
		expectations.put("x".repeat(20_000), "invalid_grant|larger than");
		expectations.put("not.a.jwt", "invalid_grant|malformed");
		expectations.forEach((token, expected) -> {
			String[] parts = expected.split("\\|");
			HttpResponse<String> answer = exchange(server.ports.publicPort, "strict", token, Map.of());
			assertThat(answer.statusCode()).as(expected + ": " + answer.body()).isEqualTo(400);
			JsonNode error = SigilClient.parse(answer.body());
			assertThat(error.get("error").asString()).as(answer.body()).isEqualTo(parts[0]);
			assertThat(error.get("error_description").asString()).as(answer.body()).contains(parts[1]);
		});
		HttpResponse<String> unknownPolicy = exchange(server.ports.publicPort, "no-such-policy",
				issuer.token(githubClaims("900")), Map.of());
		assertThat(unknownPolicy.statusCode()).isEqualTo(401);
		assertThat(unknownPolicy.body()).contains("invalid_client");
		HttpResponse<String> badTarget = exchange(server.ports.publicPort, "strict", issuer.token(githubClaims("900")),
				Map.of("audience", "sts.amazonaws.com"));
		assertThat(badTarget.body()).as("an api_token grant is for the org itself").contains("invalid_target");
		HttpResponse<String> badType = exchange(server.ports.publicPort, "strict", issuer.token(githubClaims("900")),
				Map.of("subject_token_type", "urn:ietf:params:oauth:token-type:saml2"));
		assertThat(badType.body()).contains("invalid_request");
		JsonNode refused = SigilClient.parse(client
			.admin("GET", "/api/v1/orgs/" + org + "/token-exchanges?policy=strict&outcome=refused&limit=100", null)
			.body());
		assertThat(refused.get("items").size()).as("every refusal is recorded")
			.isGreaterThanOrEqualTo(expectations.size());
	}

	@Test
	void discoveryWhenItNamesAnotherIssuerThenRefused() throws Exception {
		try (TestIssuer liar = issuer.another()) {
			liar.discoveryLies = true;
			Map<String, Object> policy = githubPolicy("liar", "31");
			policy.put("issuer", liar.url());
			createPolicy(policy);
			Map<String, Object> claims = githubClaims("31");
			claims.put("iss", liar.url());
			HttpResponse<String> answer = exchange(server.ports.publicPort, "liar", liar.token(claims), Map.of());
			assertThat(answer.statusCode()).isEqualTo(400);
			assertThat(answer.body()).contains("invalid_grant").contains("names another issuer");
		}
	}

	@Test
	void unknownKidsWhenFloodedThenTheJwksIsFetchedAtMostOncePerInterval() throws Exception {
		Map<String, Object> policy = githubPolicy("flooded", "55");
		policy.put("keys", Map.of("source", "jwks_uri", "jwks_uri", issuer.url() + "/jwks"));
		createPolicy(policy);
		assertThat(
				exchange(server.ports.publicPort, "flooded", issuer.token(githubClaims("55")), Map.of()).statusCode())
			.isEqualTo(200);
		int before = issuer.jwksFetches.get();
		for (int i = 0; i < 40; i++) {
			String token = issuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("made-up-" + i).build(),
					claims(githubClaims("55")));
			assertThat(exchange(server.ports.publicPort, "flooded", token, Map.of()).body()).contains("unknown key");
		}
		assertThat(issuer.jwksFetches.get() - before).as("JWKS fetches for 40 unknown kids").isLessThanOrEqualTo(1);
	}

	@Test
	void madeUpClientIdsWhenSentThenTheMetricsNameNoneOfThem() throws Exception {
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> answer = exchange(server.ports.publicPort, "made-up-policy-" + i,
					issuer.token(githubClaims("1")), Map.of());
			assertThat(answer.body()).contains("invalid_client");
		}
		String metrics = client.send("GET", server.ports.managementPort, "/actuator/prometheus", null, null, null)
			.body();
		List<String> exchanges = metrics.lines()
			.filter((line) -> line.startsWith("sigil_federation_exchanges_total{") && line.contains(org))
			.toList();
		assertThat(exchanges).as("a meter per made-up client_id would grow without end")
			.noneMatch((line) -> line.contains("made-up-policy"))
			.anyMatch((line) -> line.contains("policy=\"(unknown)\"") && line.contains("outcome=\"refused\""));
	}

	@Test
	void weakOrUnsafePoliciesWhenSavedThenRefusedNamingTheField() {
		Map<String, Object> namesOnly = githubPolicy("names", "1");
		namesOnly.put("must_match", Map.of("/repository_owner", "acme", "/repository", "acme/web"));
		assertRefused(namesOnly, "repository_owner_id");
		Map<String, Object> apiServerAudience = kubernetesPolicy("k8s-api");
		apiServerAudience.put("audiences", List.of("https://kubernetes.default.svc"));
		assertRefused(apiServerAudience, "API server");
		Map<String, Object> noNamespace = kubernetesPolicy("k8s-loose");
		noNamespace.put("must_match", Map.of("/kubernetes.io/serviceaccount/name", "web"));
		assertRefused(noNamespace, "/kubernetes.io/namespace");
		Map<String, Object> hmac = githubPolicy("hmac", "1");
		hmac.put("algorithms", List.of("HS256"));
		assertRefused(hmac, "algorithms");
		Map<String, Object> unknownField = githubPolicy("extra", "1");
		unknownField.put("allow_everyone", true);
		assertRefused(unknownField, "allow_everyone");
		Map<String, Object> generic = new HashMap<>(githubPolicy("generic", "1"));
		generic.put("provider", "generic");
		generic.remove("must_match");
		assertRefused(generic, "condition beyond issuer and audience");
		Map<String, Object> redirect = githubPolicy("redirect", "9");
		redirect.put("keys", Map.of("source", "jwks_uri", "jwks_uri", issuer.url() + "/redirect"));
		createPolicy(redirect);
		try {
			assertThat(exchange(server.ports.publicPort, "redirect", issuer.token(githubClaims("9")), Map.of()).body())
				.as("a key URL that redirects (here to the metadata address) is not followed")
				.contains("invalid_grant")
				.contains("keys could not be fetched");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertRefused(Map<String, Object> policy, String naming) {
		HttpResponse<String> answer = client.admin("POST", "/api/v1/orgs/" + org + "/trust-policies",
				SigilClient.json(policy));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
		assertThat(answer.body()).contains(naming);
	}

	static Map<String, Object> kubernetesPolicy(String name) {
		return new HashMap<>(Map.of("name", name, "issuer", issuer.url(), "provider", "kubernetes", "keys",
				Map.of("source", "discovery"), "algorithms", List.of("RS256", "ES256"), "audiences", List.of("sigil"),
				"max_subject_lifetime_seconds", 86400, "must_match",
				Map.of("/kubernetes.io/namespace", "web", "/kubernetes.io/serviceaccount/name", "web"), "allow_any",
				List.of(Map.of("/sub", Map.of("glob", "system:serviceaccount:web:*"))), "grant",
				Map.of("type", "machine", "app", "web", "machine_name_from", "/kubernetes.io/pod/name", "region", "fra",
						"image", "registry.example/web:1", "image_digest", SigilClient.DIGEST, "audiences",
						List.of("sts.amazonaws.com"))));
	}

	static Map<String, Object> githubPolicy(String name, String ownerId) {
		return new HashMap<>(Map.of("name", name, "issuer", issuer.url(), "provider", "github", "keys",
				Map.of("source", "discovery"), "algorithms", List.of("ES256"), "audiences", List.of("sigil"),
				"must_match", Map.of("/repository_owner_id", ownerId), "grant", Map.of("type", "api_token",
						"permissions", List.of("machines:read"), "apps", List.of("web"), "ttl_seconds", 300)));
	}

	static Map<String, Object> kubernetesClaims(String namespace, String serviceAccount, String pod) {
		Map<String, Object> claims = new HashMap<>();
		claims.put("sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
		claims.put("aud", List.of("sigil"));
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("kubernetes.io",
				Map.of("namespace", namespace, "serviceaccount",
						Map.of("name", serviceAccount, "uid", UUID.randomUUID().toString()), "pod",
						Map.of("name", pod, "uid", UUID.randomUUID().toString())));
		return claims;
	}

	static Map<String, Object> githubClaims(String ownerId) {
		Map<String, Object> claims = new HashMap<>();
		claims.put("sub", "repo:acme/web:ref:refs/heads/main");
		claims.put("aud", "sigil");
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("repository", "acme/web");
		claims.put("repository_owner", "acme");
		claims.put("repository_owner_id", ownerId);
		claims.put("repository_id", "123456");
		claims.put("ref", "refs/heads/main");
		return claims;
	}

	private static JWTClaimsSet claims(Map<String, Object> claims) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer.url())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)));
		claims.forEach(builder::claim);
		return builder.build();
	}

	private static byte[] padded(String secret) {
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		return (bytes.length >= 32) ? bytes : java.util.Arrays.copyOf(bytes, 32);
	}

	private static JsonNode createPolicy(Map<String, Object> policy) {
		HttpResponse<String> answer = client.admin("POST", "/api/v1/orgs/" + org + "/trust-policies",
				SigilClient.json(policy));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		return SigilClient.parse(answer.body());
	}

	/**
	 * An exchange at the public port of another server, for the other tests of
	 * federation.
	 */
	static HttpResponse<String> exchangeAt(TestServer at, String orgSlug, String policy, String subjectToken) {
		return send(at.ports.publicPort, orgSlug, policy, subjectToken, Map.of());
	}

	static HttpResponse<String> exchange(int port, String policy, String subjectToken, Map<String, String> extra) {
		return send(port, org, policy, subjectToken, extra);
	}

	private static HttpResponse<String> send(int port, String orgSlug, String policy, String subjectToken,
			Map<String, String> extra) {
		Map<String, String> form = new java.util.LinkedHashMap<>();
		form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
		form.put("client_id", policy);
		form.put("subject_token", subjectToken);
		form.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
		form.putAll(extra);
		List<String> pairs = new ArrayList<>();
		form.forEach((name, value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(value, StandardCharsets.UTF_8)));
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/" + orgSlug + "/oauth2/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(BodyPublishers.ofString(String.join("&", pairs)))
					.build(), BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpResponse<String> as(String token, String method, String path, String body) {
		return client.send(method, server.ports.adminPort, path, token, (body != null) ? "application/json" : null,
				body);
	}

}
