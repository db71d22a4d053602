package dev.sigil.keystore.crypto;

/**
 * A private key as stored: the id of the key-encryption key that sealed it and the sealed
 * bytes (format version, GCM nonce, ciphertext and tag).
 */
public record SealedKey(String kekId, byte[] ciphertext) {

	/**
	 * The sealed format (see {@link PrivateKeySealer}); 0 when there is nothing sealed.
	 */
	public int format() {
		return (this.ciphertext.length > 0) ? this.ciphertext[0] : 0;
	}

	@Override
	public String toString() {
		return "SealedKey[kekId=" + this.kekId + ", " + this.ciphertext.length + " bytes]";
	}

}
