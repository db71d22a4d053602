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

	/** Ports handed out in this JVM: a server may not have bound its own yet. */
	private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/**
	 * A port nothing listens on, below Linux's ephemeral range (32768-60999). A port the
	 * kernel picks for a listener comes from that range, which outgoing connections (the
	 * tests' HTTP clients, the pools' database connections) take their local ports from
	 * too: one of them could take it before the server binds it.
	 */
	static int freePort() {
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		for (int attempt = 0; attempt < 1000; attempt++) {
			int port = random.nextInt(20000, 32000);
			if (!HANDED_OUT.add(port)) {
				continue;
			}
			try (ServerSocket socket = new ServerSocket(port)) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// In use: try another.
			}
		}
		throw new IllegalStateException("No free port between 20000 and 32000");
	}

}
