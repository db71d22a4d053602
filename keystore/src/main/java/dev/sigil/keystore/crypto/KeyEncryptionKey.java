package dev.sigil.keystore.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES key that seals signing keys at rest, known by an id derived from it so
 * that a sealed key names the key-encryption key it needs without revealing it.
 */
public final class KeyEncryptionKey {

	private static final int KEY_BYTES = 32;

	private final String id;

	private final SecretKey key;

	private KeyEncryptionKey(byte[] material) {
		if (material.length != KEY_BYTES) {
			throw new IllegalArgumentException(
					"A key-encryption key must be 32 bytes (base64 of 32 random bytes), got " + material.length);
		}
		this.key = new SecretKeySpec(material, "AES");
		this.id = deriveId(material);
	}

	/** Reads a key given as base64 (standard or URL-safe alphabet) of 32 random bytes. */
	public static KeyEncryptionKey fromBase64(String encoded) {
		if (encoded == null || encoded.isBlank()) {
			throw new IllegalArgumentException("The key-encryption key is empty");
		}
		String trimmed = encoded.trim();
		byte[] material;
		try {
			material = (trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0) ? Base64.getUrlDecoder().decode(trimmed)
					: Base64.getDecoder().decode(trimmed);
		}
		catch (IllegalArgumentException ex) {
			// Without the decoder's exception: its message quotes the offending
			// character,
			// a character of the key.
			throw new IllegalArgumentException("The key-encryption key is not valid base64");
		}
		return new KeyEncryptionKey(material);
	}

	/** Makes a fresh random key (development mode and tests). */
	public static KeyEncryptionKey generate() {
		byte[] material = new byte[KEY_BYTES];
		Secrets.RANDOM.nextBytes(material);
		return new KeyEncryptionKey(material);
	}

	/**
	 * The key's public identifier: 16 hex digits of a hash of the key, stored beside what
	 * it seals.
	 */
	public String id() {
		return this.id;
	}

	SecretKey secretKey() {
		return this.key;
	}

	private static String deriveId(byte[] material) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update("sigil-kek-id:".getBytes(StandardCharsets.US_ASCII));
			byte[] hash = digest.digest(material);
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "KeyEncryptionKey[id=" + this.id + "]";
	}

}
