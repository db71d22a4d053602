package dev.sigil.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An independent OpenID issuer served over HTTPS inside the test, with keys of its own: a
 * discovery document, a JWKS (whose fetches it counts) and tokens in whatever shape a
 * test needs, Kubernetes' or GitHub's. Its certificate is made at start with the JDK's
 * keytool for {@code localhost}, and written as a PEM file for Sigil to trust
 * ({@code sigil.federation.ca-file}).
 */
final class TestIssuer implements AutoCloseable {

	final Path caFile;

	private final Path directory;

	final ECKey key;

	final AtomicInteger jwksFetches = new AtomicInteger();

	/**
	 * When set, the discovery document names another issuer than the one it is served
	 * for.
	 */
	volatile boolean discoveryLies;

	private final HttpsServer server;

	private TestIssuer(Path directory) throws Exception {
		this.directory = directory;
		Path keystore = directory.resolve("issuer.p12");
		this.caFile = directory.resolve("issuer-ca.pem");
		if (!Files.exists(keystore)) {
			String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
			run(keytool, "-genkeypair", "-alias", "issuer", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
					"CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "7", "-storetype", "PKCS12",
					"-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
			run(keytool, "-exportcert", "-rfc", "-alias", "issuer", "-keystore", keystore.toString(), "-storepass",
					"changeit", "-file", this.caFile.toString());
		}
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, "changeit".toCharArray());
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(keys.getKeyManagers(), null, null);
		this.key = new ECKeyGenerator(Curve.P_256).keyID("test-issuer-1").generate();
		this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setHttpsConfigurator(new HttpsConfigurator(tls));
		this.server.createContext("/.well-known/openid-configuration",
				(exchange) -> reply(exchange, 200,
						"{\"issuer\":\"" + (this.discoveryLies ? url() + "/someone-else" : url()) + "\",\"jwks_uri\":\""
								+ url() + "/jwks\"}"));
		this.server.createContext("/jwks", (exchange) -> {
			this.jwksFetches.incrementAndGet();
			reply(exchange, 200, new JWKSet(this.key.toPublicJWK()).toString());
		});
		this.server.createContext("/redirect", (exchange) -> {
			exchange.getResponseHeaders().set("Location", "https://169.254.169.254/latest/meta-data/");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		this.server.start();
	}

	static TestIssuer start() throws Exception {
		return new TestIssuer(Files.createTempDirectory("sigil-test-issuer"));
	}

	/**
	 * Another issuer at another address, with keys of its own and the same certificate
	 * (so trusted alike).
	 */
	TestIssuer another() throws Exception {
		return new TestIssuer(this.directory);
	}

	String url() {
		return "https://localhost:" + this.server.getAddress().getPort();
	}

	/**
	 * A token of this issuer with the claims, valid for ten minutes from now unless they
	 * say otherwise.
	 */
	String token(Map<String, Object> claims) throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(url())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)));
		claims.forEach(builder::claim);
		return sign(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
				builder.build());
	}

	String sign(JWSHeader header, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(header, claims);
		jwt.sign(new ECDSASigner(this.key));
		return jwt.serialize();
	}

	private static void reply(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
