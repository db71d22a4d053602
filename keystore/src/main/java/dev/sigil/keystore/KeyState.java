package dev.sigil.keystore;

/**
 * Where a signing key is in its lifecycle:
 * {@code NEXT -> ACTIVE -> RETIRED -> (deleted)}, or {@code REVOKED} from any of them.
 */
public enum KeyState {

	/** Published in the JWKS, not yet signing. */
	NEXT,

	/** The one key that signs the org's tokens. */
	ACTIVE,

	/** No longer signing; published until the tokens it signed have expired. */
	RETIRED,

	/**
	 * Taken out of the JWKS at once by an emergency revocation; its private key is
	 * destroyed.
	 */
	REVOKED

}
