package dev.sigil.agent.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the Sigil platform: the machine token API ({@code POST /v1/tokens/oidc})
 * with the real contract and claims, org {@code acme}'s token endpoint
 * ({@code POST /acme/oauth2/token}, RFC 8693 token exchange against one trust policy,
 * {@link #TRUST_POLICY}), and the org's discovery document and JWKS, signing RS256 with a
 * test key. It can be switched into an outage (503) or made to refuse every credential
 * (401, revoked). The trust policy accepts one subject token at a time, the one the test
 * says a Kubernetes service account holds now ({@link #acceptSubjectToken}), and names
 * the machine after the pod in it, as a {@code kubernetes} policy with
 * {@code machine_name_from} does.
 */
public final class FakePlatform implements AutoCloseable {

	public static final String ORG = "acme";

	/** The trust policy of the org's token endpoint: its {@code client_id}. */
	public static final String TRUST_POLICY = "k8s-web";

	/** The app of the machines that token exchange makes. */
	public static final String EXCHANGE_APP = "web";

	public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

	public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

	public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";

	private final HttpServer server;

	private final RSAKey key;

	private final Map<String, Machine> machines = new ConcurrentHashMap<>();

	private final List<String> audiences = new CopyOnWriteArrayList<>();

	private final AtomicInteger issued = new AtomicInteger();

	private final AtomicInteger refused = new AtomicInteger();

	private final List<Map<String, List<String>>> exchanges = new CopyOnWriteArrayList<>();

	private final Map<String, Machine> exchangedMachines = new ConcurrentHashMap<>();

	private volatile String acceptedSubjectToken;

	private volatile Mode mode = Mode.ISSUE;

	private volatile Duration lifetime = Duration.ofMinutes(10);

	/** How the platform answers token requests. */
	public enum Mode {

		/** Issues tokens to known credentials. */
		ISSUE,
		/** 503, as when its database is down. */
		OUTAGE,
		/** 401 to every credential, as when the machine's credential was revoked. */
		REVOKED,
		/**
		 * 404 for the machine token API, as the platform's public port answers it: that
		 * port serves the issuers' documents only.
		 */
		PUBLIC_PORT

	}

	private FakePlatform(HttpServer server, RSAKey key) {
		this.server = server;
		this.key = key;
	}

	public static FakePlatform start() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
		RSAKey key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
		FakePlatform platform = new FakePlatform(server, key);
		server.createContext("/", platform::handle);
		server.start();
		return platform;
	}

	/** The internal API's base URL ({@code SIGIL_URL}). */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The org's issuer. */
	public String issuer() {
		return url() + "/" + ORG;
	}

	/** Registers a machine of app {@code app} and returns its credential. */
	public String addMachine(String app, String name) {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String credential = "sgm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		this.machines.put(credential, new Machine(UUID.randomUUID().toString(), app, name));
		return credential;
	}

	public void mode(Mode mode) {
		this.mode = mode;
	}

	public void tokenLifetime(Duration lifetime) {
		this.lifetime = lifetime;
	}

	/** The number of tokens issued so far. */
	public int issued() {
		return this.issued.get();
	}

	/** The number of token requests refused so far (outage or bad credential). */
	public int refused() {
		return this.refused.get();
	}

	/**
	 * The subject token the trust policy accepts from now on, and no other: the one the
	 * service account's projected token file holds now. Null to accept none.
	 */
	public void acceptSubjectToken(String subjectToken) {
		this.acceptedSubjectToken = subjectToken;
	}

	/** The form of each token exchange asked for, accepted or not, in order. */
	public List<Map<String, List<String>>> exchanges() {
		return List.copyOf(this.exchanges);
	}

	/** The subject token of each token exchange asked for, accepted or not, in order. */
	public List<String> presentedSubjectTokens() {
		return this.exchanges.stream().map((form) -> first(form, "subject_token")).toList();
	}

	/**
	 * The audience of each token issued, in order; {@code null} where none was asked for.
	 */
	public List<String> requestedAudiences() {
		return Collections.unmodifiableList(new ArrayList<>(this.audiences));
	}

	public RSAKey signingKey() {
		return this.key;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readAllBytes();
			String path = exchange.getRequestURI().getPath();
			if (path.equals("/v1/tokens/oidc") && this.mode == Mode.PUBLIC_PORT) {
				this.refused.incrementAndGet();
				problem(exchange, 404, "not-found", "Not found", "No such resource");
			}
			else if (path.equals("/v1/tokens/oidc") && exchange.getRequestMethod().equals("POST")) {
				token(exchange, new String(body, StandardCharsets.UTF_8));
			}
			else if (path.matches("/[^/]+/oauth2/token") && exchange.getRequestMethod().equals("POST")) {
				exchange(exchange, path.substring(1, path.indexOf('/', 1)), new String(body, StandardCharsets.UTF_8));
			}
			else if (path.equals("/" + ORG + "/.well-known/openid-configuration")) {
				send(exchange, 200, "application/json", discovery());
			}
			else if (path.equals("/" + ORG + "/jwks")) {
				send(exchange, 200, "application/json", new JWKSet(this.key.toPublicJWK()).toString());
			}
			else {
				problem(exchange, 404, "not-found", "Not found", "No such resource");
			}
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

	private void token(HttpExchange exchange, String body) throws Exception {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		Machine machine = (authorization != null && authorization.startsWith("Bearer "))
				? this.machines.get(authorization.substring("Bearer ".length())) : null;
		if (this.mode == Mode.OUTAGE) {
			this.refused.incrementAndGet();
			problem(exchange, 503, "database-unavailable", "Database unavailable", "The database is not reachable");
			return;
		}
		if (this.mode == Mode.REVOKED || machine == null) {
			this.refused.incrementAndGet();
			problem(exchange, 401, "unauthenticated", "Unauthenticated", "The machine credential is not valid");
			return;
		}
		String audience = body.isBlank() ? null : (String) JSONObjectUtils.parse(body).get("aud");
		this.audiences.add(audience);
		this.issued.incrementAndGet();
		exchange.getResponseHeaders().add("Cache-Control", "no-store");
		send(exchange, 200, "text/plain", sign(machine, (audience != null) ? audience : issuer()));
	}

	/**
	 * Token exchange, with the checks and errors of the platform's token endpoint for one
	 * trust policy.
	 */
	private void exchange(HttpExchange exchange, String org, String body) throws Exception {
		Map<String, List<String>> form = form(body);
		this.exchanges.add(form);
		String subjectToken = first(form, "subject_token");
		String requested = first(form, "requested_token_type");
		List<String> audiences = form.getOrDefault("audience", List.of());
		if (!ORG.equals(org)) {
			oauthError(exchange, 404, "invalid_request", "No issuer at this path");
		}
		else if (this.mode == Mode.OUTAGE) {
			oauthError(exchange, 503, "temporarily_unavailable", "The database is not reachable");
		}
		else if (!GRANT_TYPE.equals(first(form, "grant_type"))) {
			oauthError(exchange, 400, "unsupported_grant_type", "grant_type must be " + GRANT_TYPE);
		}
		else if (!TRUST_POLICY.equals(first(form, "client_id"))) {
			oauthError(exchange, 401, "invalid_client",
					"no trust policy named '" + first(form, "client_id") + "' in this org");
		}
		else if (!JWT.equals(first(form, "subject_token_type"))
				&& !ID_TOKEN.equals(first(form, "subject_token_type"))) {
			oauthError(exchange, 400, "invalid_request", "subject_token_type must be " + JWT + " or " + ID_TOKEN);
		}
		else if (requested != null && !requested.equals(ID_TOKEN)) {
			oauthError(exchange, 400, "invalid_request",
					"requested_token_type: the policy grants a machine token; ask for " + ID_TOKEN);
		}
		else if (subjectToken == null || !subjectToken.equals(this.acceptedSubjectToken)) {
			oauthError(exchange, 400, "invalid_grant",
					"the subject token is not the service account's current token (expired, rotated or never issued)");
		}
		else {
			String pod = podName(subjectToken);
			Machine machine = this.exchangedMachines.computeIfAbsent(pod,
					(name) -> new Machine(UUID.randomUUID().toString(), EXCHANGE_APP, name));
			this.audiences.add(audiences.isEmpty() ? null : audiences.get(0));
			this.issued.incrementAndGet();
			String token = sign(machine, audiences.isEmpty() ? List.of(issuer()) : audiences);
			exchange.getResponseHeaders().add("Cache-Control", "no-store");
			send(exchange, 200, "application/json", "{\"access_token\":\"" + token + "\",\"issued_token_type\":\""
					+ ID_TOKEN + "\",\"token_type\":\"N_A\",\"expires_in\":" + this.lifetime.toSeconds() + "}");
		}
	}

	/**
	 * The claim a {@code kubernetes} policy names machines from:
	 * {@code /kubernetes.io/pod/name}.
	 */
	private static String podName(String subjectToken) {
		Object kubernetes = TestTokens.claimsOf(subjectToken).get("kubernetes.io");
		Object pod = (kubernetes instanceof Map<?, ?> claims) ? claims.get("pod") : null;
		Object name = (pod instanceof Map<?, ?> claims) ? claims.get("name") : null;
		return (name instanceof String string) ? string : "web-1";
	}

	private void oauthError(HttpExchange exchange, int status, String error, String description) throws IOException {
		this.refused.incrementAndGet();
		exchange.getResponseHeaders().add("Cache-Control", "no-store");
		send(exchange, status, "application/json",
				"{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\"", "\\\"") + "\"}");
	}

	private static Map<String, List<String>> form(String body) {
		Map<String, List<String>> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.computeIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						(name) -> new ArrayList<>())
					.add(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static String first(Map<String, List<String>> form, String name) {
		List<String> values = form.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private String sign(Machine machine, String audience) throws Exception {
		return sign(machine, List.of(audience));
	}

	private String sign(Machine machine, List<String> audience) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("app_id", UUID.randomUUID().toString())
			.claim("app_name", machine.app())
			.audience(audience)
			.expirationTime(Date.from(now.plus(this.lifetime)))
			.issueTime(Date.from(now))
			.claim("image", "registry.example/web:1.2")
			.claim("image_digest", "sha256:" + "0".repeat(64))
			.issuer(issuer())
			.jwtID(UUID.randomUUID().toString())
			.claim("machine_id", machine.id())
			.claim("machine_name", machine.name())
			.claim("machine_version", "1")
			.notBeforeTime(Date.from(now))
			.claim("org_id", UUID.randomUUID().toString())
			.claim("org_name", ORG)
			.claim("region", "eu-west")
			.subject(ORG + ":" + machine.app() + ":" + machine.name())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		jwt.sign(new RSASSASigner(this.key));
		return jwt.serialize();
	}

	private String discovery() {
		return "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\","
				+ "\"response_types_supported\":[\"id_token\"],\"subject_types_supported\":[\"public\"],"
				+ "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"scopes_supported\":[\"openid\"]}";
	}

	private static void problem(HttpExchange exchange, int status, String code, String title, String detail)
			throws IOException {
		send(exchange, status, "application/problem+json", "{\"type\":\"urn:sigil:problem:" + code + "\",\"title\":\""
				+ title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
	}

	private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private record Machine(String id, String app, String name) {
	}

}
