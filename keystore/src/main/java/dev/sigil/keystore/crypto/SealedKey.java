package dev.sigil.keystore.crypto;

/**
 * A private key as stored: the id of the key-encryption key that sealed it and the sealed bytes
 * (format version, GCM nonce, ciphertext and tag).
 */
public record SealedKey(String kekId, byte[] ciphertext) {

	@Override
	public String toString() {
		return "SealedKey[kekId=" + this.kekId + ", " + this.ciphertext.length + " bytes]";
	}

}
