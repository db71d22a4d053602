package dev.sigil.keystore.crypto;

import java.security.SecureRandom;

/** The one source of randomness for key material and nonces. */
final class Secrets {

	static final SecureRandom RANDOM = new SecureRandom();

	private Secrets() {
	}

}
