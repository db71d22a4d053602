package dev.sigil.issuer.web;

import java.util.HashSet;
import java.util.List;

/**
 * The server's three HTTP ports: public (issuer documents, {@code SIGIL_PUBLIC_PORT}),
 * internal (machine token API, {@code SIGIL_INTERNAL_PORT}) and admin (management API and
 * admin UI, {@code SIGIL_ADMIN_PORT}). They must differ.
 *
 * @param publicPort port of the discovery documents, JWKS and token exchange
 * @param internalPort port of the machine token API, Spring Boot's {@code server.port}
 * @param adminPort port of the management API and the admin UI
 */
public record Ports(int publicPort, int internalPort, int adminPort) {

	public Ports {
		check("SIGIL_PUBLIC_PORT", publicPort);
		check("SIGIL_INTERNAL_PORT", internalPort);
		check("SIGIL_ADMIN_PORT", adminPort);
		if (new HashSet<>(List.of(publicPort, internalPort, adminPort)).size() != 3) {
			throw new IllegalStateException("SIGIL_PUBLIC_PORT (" + publicPort + "), SIGIL_INTERNAL_PORT ("
					+ internalPort + ") and SIGIL_ADMIN_PORT (" + adminPort + ") must differ: each port serves "
					+ "only its own paths");
		}
	}

	static void check(String variable, int port) {
		if (port < 1 || port > 65535) {
			throw new IllegalStateException(variable + " must be a TCP port (1-65535), got " + port);
		}
	}

}
