package dev.sigil.agent.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for AWS STS's {@code AssumeRoleWithWebIdentity} that judges the web identity
 * token as IAM would for a role trusting one OIDC provider: the token's issuer must be
 * the provider's URL, its signature must verify with a key from the JWKS that the
 * issuer's discovery document names (fetched over HTTP, as AWS does), it must not have
 * expired, and the trust policy's conditions must hold: {@code <provider>:aud}
 * StringEquals {@code sts.amazonaws.com} and {@code <provider>:sub} StringLike the given
 * pattern. It answers with the AWS Query protocol's XML.
 *
 * @see <a href=
 * "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html">AssumeRoleWithWebIdentity</a>
 */
public final class StsStandIn implements AutoCloseable {

	public static final String AUDIENCE = "sts.amazonaws.com";

	private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

	private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

	private final HttpServer server;

	private final String providerUrl;

	private final String roleArn;

	private final Pattern subjectLike;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<String> decisions = new CopyOnWriteArrayList<>();

	private StsStandIn(HttpServer server, String providerUrl, String roleArn, String subjectLike) {
		this.server = server;
		this.providerUrl = providerUrl;
		this.roleArn = roleArn;
		this.subjectLike = Pattern.compile(Pattern.quote(subjectLike).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
	}

	/**
	 * A role {@code roleArn} whose trust policy trusts the provider at
	 * {@code providerUrl} for subjects like the pattern.
	 */
	public static StsStandIn start(String providerUrl, String roleArn, String subjectLike) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		StsStandIn sts = new StsStandIn(server, providerUrl, roleArn, subjectLike);
		server.createContext("/", sts::handle);
		server.start();
		return sts;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * What was decided for each request: "allowed <sub> as <session>" or "denied <code>:
	 * <reason>".
	 */
	public List<String> decisions() {
		return List.copyOf(this.decisions);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			Map<String, String> form = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			if (!"AssumeRoleWithWebIdentity".equals(form.get("Action"))) {
				error(exchange, 400, "InvalidAction", "Unsupported action " + form.get("Action"));
				return;
			}
			try {
				String subject = judge(form);
				this.decisions.add("allowed " + subject + " as " + form.get("RoleSessionName"));
				send(exchange, 200, credentials(subject, form.get("RoleSessionName")));
			}
			catch (Refusal refusal) {
				this.decisions.add("denied " + refusal.code + ": " + refusal.getMessage());
				error(exchange, refusal.status, refusal.code, refusal.getMessage());
			}
		}
	}

	private String judge(Map<String, String> form) throws Refusal {
		if (!this.roleArn.equals(form.get("RoleArn"))) {
			throw new Refusal(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
		}
		String session = form.getOrDefault("RoleSessionName", "");
		if (!SESSION_NAME.matcher(session).matches()) {
			throw new Refusal(400, "ValidationError", "RoleSessionName '" + session + "' is not valid");
		}
		JWTClaimsSet claims = verified(form.getOrDefault("WebIdentityToken", ""));
		if (!claims.getAudience().contains(AUDIENCE)) {
			throw new Refusal(400, "InvalidIdentityToken", "Incorrect token audience");
		}
		String subject = claims.getSubject();
		if (subject == null || !this.subjectLike.matcher(subject).matches()) {
			throw new Refusal(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
		}
		return subject;
	}

	private JWTClaimsSet verified(String token) throws Refusal {
		try {
			SignedJWT jwt = SignedJWT.parse(token);
			JWTClaimsSet claims = jwt.getJWTClaimsSet();
			if (!this.providerUrl.equals(claims.getIssuer())) {
				throw new Refusal(400, "InvalidIdentityToken",
						"No OpenIDConnect provider found in your account for " + claims.getIssuer());
			}
			RSAKey key = (RSAKey) jwks().getKeyByKeyId(jwt.getHeader().getKeyID());
			if (key == null || !jwt.verify(new RSASSAVerifier(key))) {
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
		Map<String, Object> discovery = JSONObjectUtils
			.parse(get(this.providerUrl + "/.well-known/openid-configuration"));
		if (!this.providerUrl.equals(discovery.get("issuer"))) {
			throw new IllegalStateException("the discovery document names another issuer");
		}
		return JWKSet.parse(get((String) discovery.get("jwks_uri")));
	}

	private String get(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " answered " + response.statusCode());
		}
		return response.body();
	}

	private String credentials(String subject, String session) {
		Instant expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		return "<AssumeRoleWithWebIdentityResponse xmlns=\"" + NAMESPACE + "\">" + "<AssumeRoleWithWebIdentityResult>"
				+ "<SubjectFromWebIdentityToken>" + subject + "</SubjectFromWebIdentityToken>" + "<Audience>" + AUDIENCE
				+ "</Audience>" + "<AssumedRoleUser><Arn>"
				+ this.roleArn.replace(":role/", ":assumed-role/").replace("arn:aws:iam:", "arn:aws:sts:") + "/"
				+ session + "</Arn><AssumedRoleId>AROATESTROLE:" + session + "</AssumedRoleId></AssumedRoleUser>"
				+ "<Credentials><AccessKeyId>ASIATESTACCESSKEY</AccessKeyId>"
				+ "<SecretAccessKey>test-secret-access-key</SecretAccessKey>"
				+ "<SessionToken>test-session-token</SessionToken>" + "<Expiration>" + expiration
				+ "</Expiration></Credentials>" + "<Provider>" + this.providerUrl + "</Provider>"
				+ "</AssumeRoleWithWebIdentityResult>" + "<ResponseMetadata><RequestId>" + UUID.randomUUID()
				+ "</RequestId></ResponseMetadata>" + "</AssumeRoleWithWebIdentityResponse>";
	}

	private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
		send(exchange, status,
				"<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + code
						+ "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID()
						+ "</RequestId></ErrorResponse>");
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

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static final class Refusal extends Exception {

		private static final long serialVersionUID = 1L;

		private final int status;

		private final String code;

		Refusal(int status, String code, String message) {
			super(message);
			this.status = status;
			this.code = code;
		}

	}

}
