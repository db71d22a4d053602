package dev.sigil.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Free ports and secrets for one server under test. The issuer base URL must name the
 * public port before the server starts, so the ports are chosen up front rather than left
 * to the server.
 */
final class TestPorts {

	final int publicPort = freePort();

	final int internalPort = freePort();

	final int managementPort = freePort();

	final int adminPort = freePort();

	/**
	 * One admin token and KEK for every server of the test run: they all share one
	 * database.
	 */
	private static final String ADMIN_TOKEN = "sga_test_" + random(32);

	private static final String KEK = random(32);

	final String adminToken = ADMIN_TOKEN;

	final String kek = KEK;

	void register(DynamicPropertyRegistry registry) {
		Map<String, Supplier<Object>> properties = new HashMap<>();
		properties.put("server.port", () -> this.internalPort);
		properties.put("sigil.public-port", () -> this.publicPort);
		properties.put("management.server.port", () -> this.managementPort);
		properties.put("sigil.admin-port", () -> this.adminPort);
		properties.put("sigil.issuer.base-url", () -> "http://localhost:" + this.publicPort);
		properties.put("sigil.bootstrap-admin-token", () -> this.adminToken);
		properties.put("sigil.kek", () -> this.kek);
		// Tests issue tokens in loops; the limits have tests of their own.
		properties.put("sigil.rate-limit.machine-per-minute", () -> 0);
		properties.put("sigil.rate-limit.org-per-second", () -> 0);
		properties.forEach(registry::add);
	}

	/** The properties that start a server on these ports, as {@code name=value}. */
	java.util.List<String> properties() {
		return java.util.List.of("server.port=" + this.internalPort, "sigil.public-port=" + this.publicPort,
				"management.server.port=" + this.managementPort, "sigil.admin-port=" + this.adminPort,
				"sigil.issuer.base-url=http://localhost:" + this.publicPort,
				"sigil.bootstrap-admin-token=" + this.adminToken, "sigil.kek=" + this.kek);
	}

	String issuer(String slug) {
		return "http://localhost:" + this.publicPort + "/" + slug;
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		new java.security.SecureRandom().nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
