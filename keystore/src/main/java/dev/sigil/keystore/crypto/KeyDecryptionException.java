package dev.sigil.keystore.crypto;

/**
 * A signing key could not be sealed or opened; the message names the org, the kid and the
 * KEK id.
 */
public class KeyDecryptionException extends RuntimeException {

	public KeyDecryptionException(String message) {
		super(message);
	}

	public KeyDecryptionException(String message, Throwable cause) {
		super(message, cause);
	}

}
