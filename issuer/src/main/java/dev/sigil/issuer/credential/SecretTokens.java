package dev.sigil.issuer.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes and hashes the bearer secrets of Sigil: machine credentials ({@code sgm_}) and
 * management API tokens ({@code sga_}). A secret carries 256 random bits, so a plain
 * SHA-256 is a safe way to store and find it; the database never sees the secret itself.
 */
public final class SecretTokens {

	public static final String MACHINE_PREFIX = "sgm_";

	public static final String API_PREFIX = "sga_";

	private static final int SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private SecretTokens() {
	}

	/**
	 * Whether the text has the exact shape of a machine credential: the prefix and 43
	 * base64url characters.
	 */
	public static boolean isMachineCredential(String secret) {
		return secret != null && secret.length() == MACHINE_PREFIX.length() + 43 && secret.startsWith(MACHINE_PREFIX)
				&& secret.chars().skip(MACHINE_PREFIX.length()).allMatch(SecretTokens::isBase64Url);
	}

	private static boolean isBase64Url(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
	}

	public static String newMachineCredential() {
		return generate(MACHINE_PREFIX);
	}

	public static String newApiToken() {
		return generate(API_PREFIX);
	}

	/** The SHA-256 of a secret, as stored and looked up. */
	public static byte[] hash(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Compares two hashes in time independent of where they differ. */
	public static boolean matches(byte[] expectedHash, byte[] actualHash) {
		return MessageDigest.isEqual(expectedHash, actualHash);
	}

	private static String generate(String prefix) {
		byte[] bytes = new byte[SECRET_BYTES];
		RANDOM.nextBytes(bytes);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
