package dev.sigil.server;

import java.util.HashSet;
import java.util.List;

/**
 * The server's three HTTP ports: public (issuer documents, {@code SIGIL_PUBLIC_PORT}),
 * internal (machine token API, {@code SIGIL_INTERNAL_PORT}) and admin (management API and
 * admin UI, {@code SIGIL_ADMIN_PORT}). They must differ.
 */
record Ports(int publicPort, int internalPort, int adminPort) {

	Ports {
		if (new HashSet<>(List.of(publicPort, internalPort, adminPort)).size() != 3) {
			throw new IllegalStateException("SIGIL_PUBLIC_PORT (" + publicPort + "), SIGIL_INTERNAL_PORT ("
					+ internalPort + ") and SIGIL_ADMIN_PORT (" + adminPort + ") must differ: each port serves "
					+ "only its own paths");
		}
	}

}
