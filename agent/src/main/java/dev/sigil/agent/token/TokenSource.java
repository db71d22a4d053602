package dev.sigil.agent.token;

import java.util.Optional;

/**
 * Where tokens come from: the platform's machine token API, or the agent's socket that
 * relays it.
 */
@FunctionalInterface
public interface TokenSource {

	/**
	 * A fresh token for the audience; without one, the platform's default (the org's
	 * issuer).
	 * @throws TokenException when no token could be had, with the reason
	 */
	MachineToken fetch(Optional<String> audience) throws TokenException;

}
