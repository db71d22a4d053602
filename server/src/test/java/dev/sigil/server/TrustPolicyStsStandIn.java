package dev.sigil.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/**
 * A stand-in for AWS STS's {@code AssumeRoleWithWebIdentity} for one account with one IAM
 * OIDC provider and one role, each as given (the provider's URL and client ids, the
 * role's trust policy document): it judges the token as IAM does. The provider must be
 * the token's issuer and list its audience; the signature must verify with a key of the
 * JWKS the issuer's discovery document names; the token must not have expired; and some
 * Allow statement for the action must name the provider as its federated principal with
 * every condition true. Conditions are {@code StringEquals} and {@code StringLike}
 * (case-sensitive; {@code *} and {@code ?} wildcards) on {@code <host/path>:aud} and
 * {@code <host/path>:sub}; anything else makes it refuse, so a generated policy cannot
 * pass by using what this stand-in does not know. Written apart from Sigil's own policy
 * evaluator, so that one can check the other.
 *
 * @see <a href=
 * "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html">IAM
 * OIDC condition keys</a>
 */
final class TrustPolicyStsStandIn implements AutoCloseable {

	private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

	private final HttpServer server;

	private final String providerUrl;

	private final List<String> clientIds;

	private final String roleArn;

	private final JsonNode trustPolicy;

	private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

	private final List<String> decisions = new CopyOnWriteArrayList<>();

	private TrustPolicyStsStandIn(HttpServer server, JsonNode oidcProvider, String roleArn, JsonNode trustPolicy) {
		this.server = server;
		this.providerUrl = oidcProvider.get("url").asString();
		this.clientIds = new ArrayList<>();
		oidcProvider.get("client_id_list").forEach((id) -> this.clientIds.add(id.asString()));
		this.roleArn = roleArn;
		this.trustPolicy = trustPolicy;
	}

	static TrustPolicyStsStandIn start(JsonNode oidcProvider, String roleArn, JsonNode trustPolicy) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		TrustPolicyStsStandIn sts = new TrustPolicyStsStandIn(server, oidcProvider, roleArn, trustPolicy);
		server.createContext("/", sts::handle);
		server.start();
		return sts;
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	List<String> decisions() {
		return List.copyOf(this.decisions);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			Map<String, String> form = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			try {
				String subject = judge(form);
				this.decisions.add("allowed " + subject);
				send(exchange, 200, credentials(subject, form.get("RoleSessionName")));
			}
			catch (Refusal refusal) {
				this.decisions.add("denied " + refusal.code + ": " + refusal.getMessage());
				send(exchange, refusal.status,
						"<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + refusal.code
								+ "</Code><Message>" + refusal.getMessage() + "</Message></Error><RequestId>"
								+ UUID.randomUUID() + "</RequestId></ErrorResponse>");
			}
		}
	}

	private String judge(Map<String, String> form) throws Refusal {
		if (!"AssumeRoleWithWebIdentity".equals(form.get("Action"))) {
			throw new Refusal(400, "InvalidAction", "Unsupported action");
		}
		if (!this.roleArn.equals(form.get("RoleArn"))) {
			throw new Refusal(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
		}
		JWTClaimsSet claims = verified(form.getOrDefault("WebIdentityToken", ""));
		if (claims.getAudience().stream().noneMatch(this.clientIds::contains)) {
			throw new Refusal(400, "InvalidIdentityToken", "Incorrect token audience");
		}
		String hostPath = this.providerUrl.replaceFirst("^https?://", "");
		JsonNode statements = this.trustPolicy.get("Statement");
		List<JsonNode> all = new ArrayList<>();
		if (statements.isArray()) {
			statements.forEach(all::add);
		}
		else {
			all.add(statements);
		}
		for (JsonNode statement : all) {
			if (allows(statement, hostPath, claims)) {
				return claims.getSubject();
			}
		}
		throw new Refusal(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
	}

	private boolean allows(JsonNode statement, String hostPath, JWTClaimsSet claims) throws Refusal {
		if (!"Allow".equals(statement.path("Effect").asString(""))
				|| !"sts:AssumeRoleWithWebIdentity".equals(statement.path("Action").asString(""))) {
			return false;
		}
		String arnPrefix = "arn:aws:iam::" + this.roleArn.split(":")[4] + ":oidc-provider/";
		if (!(arnPrefix + hostPath).equals(statement.path("Principal").path("Federated").asString(""))) {
			return false;
		}
		for (Map.Entry<String, JsonNode> operator : statement.path("Condition").properties()) {
			for (Map.Entry<String, JsonNode> condition : operator.getValue().properties()) {
				List<String> actual = actual(condition.getKey(), hostPath, claims);
				List<String> expected = new ArrayList<>();
				if (condition.getValue().isArray()) {
					condition.getValue().forEach((value) -> expected.add(value.asString()));
				}
				else {
					expected.add(condition.getValue().asString());
				}
				boolean holds = switch (operator.getKey()) {
					case "StringEquals" -> actual.stream().anyMatch(expected::contains);
					case "StringLike" -> actual.stream()
						.anyMatch((value) -> expected.stream().anyMatch((pattern) -> like(pattern, value)));
					default ->
						throw new Refusal(400, "MalformedPolicyDocument", "Unknown operator " + operator.getKey());
				};
				if (!holds) {
					return false;
				}
			}
		}
		return true;
	}

	private static List<String> actual(String key, String hostPath, JWTClaimsSet claims) throws Refusal {
		if (key.equals(hostPath + ":sub")) {
			return List.of(claims.getSubject());
		}
		if (key.equals(hostPath + ":aud")) {
			return claims.getAudience();
		}
		throw new Refusal(400, "MalformedPolicyDocument", "Unknown condition key " + key);
	}

	private static boolean like(String pattern, String value) {
		StringBuilder regex = new StringBuilder();
		for (char c : pattern.toCharArray()) {
			regex.append((c == '*') ? ".*" : (c == '?') ? "." : Pattern.quote(String.valueOf(c)));
		}
		return value.matches(regex.toString());
	}

	private JWTClaimsSet verified(String token) throws Refusal {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			if (!this.providerUrl.equals(claims.getIssuer())) {
				throw new Refusal(400, "InvalidIdentityToken",
						"No OpenIDConnect provider found in your account for " + claims.getIssuer());
			}
			JWK key = jwks().getKeyByKeyId(jwt.getHeader().getKeyID());
			JWSVerifier verifier = (key instanceof RSAKey rsa) ? new RSASSAVerifier(rsa)
					: (key instanceof ECKey ec) ? new ECDSAVerifier(ec) : null;
			if (verifier == null || !jwt.verify(verifier)) {
				throw new Refusal(400, "InvalidIdentityToken", "The token's signature does not verify");
			}
			if (claims.getExpirationTime() == null || claims.getExpirationTime().before(new Date())) {
				throw new Refusal(400, "ExpiredTokenException", "Token expired");
			}
			return claims;
		}
		catch (Refusal refusal) {
			throw refusal;
		}
		catch (Exception ex) {
			throw new Refusal(400, "InvalidIdentityToken", "Couldn't verify the token: " + ex.getMessage());
		}
	}

	private JWKSet jwks() throws Exception {
		JsonNode discovery = SigilClient.parse(get(this.providerUrl + "/.well-known/openid-configuration"));
		return JWKSet.parse(get(discovery.get("jwks_uri").asString()));
	}

	private String get(String url) throws Exception {
		return this.http
			.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private String credentials(String subject, String session) {
		Instant expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		return "<AssumeRoleWithWebIdentityResponse xmlns=\"" + NAMESPACE + "\"><AssumeRoleWithWebIdentityResult>"
				+ "<SubjectFromWebIdentityToken>" + subject + "</SubjectFromWebIdentityToken>"
				+ "<AssumedRoleUser><Arn>"
				+ this.roleArn.replace(":role/", ":assumed-role/").replace("arn:aws:iam:", "arn:aws:sts:") + "/"
				+ session + "</Arn><AssumedRoleId>AROATESTROLE:" + session + "</AssumedRoleId></AssumedRoleUser>"
				+ "<Credentials><AccessKeyId>ASIATESTACCESSKEY</AccessKeyId><SecretAccessKey>test-secret</SecretAccessKey>"
				+ "<SessionToken>test-session-token</SessionToken><Expiration>" + expiration
				+ "</Expiration></Credentials>" + "<Provider>" + this.providerUrl
				+ "</Provider></AssumeRoleWithWebIdentityResult>" + "<ResponseMetadata><RequestId>" + UUID.randomUUID()
				+ "</RequestId></ResponseMetadata>" + "</AssumeRoleWithWebIdentityResponse>";
	}

	private static void send(HttpExchange exchange, int status, String xml) throws IOException {
		byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/xml");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new HashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static final class Refusal extends Exception {

		final int status;

		final String code;

		Refusal(int status, String code, String message) {
			super(message);
			this.status = status;
			this.code = code;
		}

	}

}
