package dev.sigil.keystore.rotation;

/** The org has no key with the given kid. */
public class UnknownKeyException extends RuntimeException {

	public UnknownKeyException(String message) {
		super(message);
	}

}
