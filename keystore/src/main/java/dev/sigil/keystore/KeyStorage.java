package dev.sigil.keystore;

/**
 * Where the private part of a signing key lives: which store makes new keys is a setting
 * ({@code SIGIL_KEY_STORE}); each key remembers its own, so keys of both kinds serve side
 * by side while an org moves to hardware keys.
 */
public enum KeyStorage {

	/** Sealed with AES-GCM under a key-encryption key, in the key's database row. */
	DATABASE,

	/**
	 * Generated inside a PKCS#11 token (an HSM) as a sensitive, non-extractable object;
	 * the database holds only the public key.
	 */
	PKCS11

}
