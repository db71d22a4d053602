package dev.sigil.keystore.ring;

import dev.sigil.keystore.crypto.KeyDecryptionException;

/**
 * A key held in a PKCS#11 token could not be looked up because the token could not be
 * asked (unreachable, a device error): unlike a key found missing or not matching, its
 * object may well be whole.
 */
class TokenUnreachableException extends KeyDecryptionException {

	TokenUnreachableException(String message, Throwable cause) {
		super(message, cause);
	}

}
