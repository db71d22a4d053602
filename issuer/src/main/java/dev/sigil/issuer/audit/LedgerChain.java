package dev.sigil.issuer.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Each org's ledger as a hash chain: a row's hash is SHA-256 over the previous row's hash
 * and the row, so a row changed, removed or inserted anywhere breaks every hash after it,
 * and a signed checkpoint of the head pins all that came before.
 * <p>
 * The row is fed to the digest field by field in a fixed order, each as a 4-byte length
 * and its UTF-8 bytes (-1 for a null), numbers as 8 bytes, times as microseconds since
 * the epoch (as PostgreSQL keeps them), and the claims as the exact text stored (the
 * column is {@code json}, which keeps the text as written). Hand-written rather than a
 * serialisation library's: the bytes must never change with a library version, or every
 * stored chain would stop verifying.
 */
public final class LedgerChain {

	/** The hash before an org's first row. */
	public static final byte[] GENESIS = new byte[32];

	private LedgerChain() {
	}

	/** The row's hash given the previous one. */
	public static byte[] hash(byte[] previous, long position, UUID jti, UUID orgId, UUID appId, String appName,
			UUID machineId, String machineName, int machineVersion, String subject, String audience, String kid,
			Instant issuedAt, Instant expiresAt, String clientAddress, String claimsJson) {
		MessageDigest sha256 = sha256();
		sha256.update(previous);
		number(sha256, position);
		text(sha256, jti.toString());
		text(sha256, orgId.toString());
		text(sha256, appId.toString());
		text(sha256, appName);
		text(sha256, machineId.toString());
		text(sha256, machineName);
		number(sha256, machineVersion);
		text(sha256, subject);
		text(sha256, audience);
		text(sha256, kid);
		number(sha256, ChronoUnit.MICROS.between(Instant.EPOCH, issuedAt));
		number(sha256, ChronoUnit.MICROS.between(Instant.EPOCH, expiresAt));
		text(sha256, clientAddress);
		text(sha256, claimsJson);
		return sha256.digest();
	}

	/** The hash of an entry about to be written. */
	static byte[] hash(byte[] previous, long position, AuditEntry entry) {
		return hash(previous, position, entry.jti(), entry.orgId(), entry.appId(), entry.appName(), entry.machineId(),
				entry.machineName(), entry.machineVersion(), entry.subject(), entry.audience(), entry.kid(),
				entry.issuedAt(), entry.expiresAt(), entry.clientAddress(), entry.claimsJson());
	}

	static boolean same(byte[] a, byte[] b) {
		return a != null && b != null && MessageDigest.isEqual(a, b);
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	private static void text(MessageDigest digest, String value) {
		if (value == null) {
			number4(digest, -1);
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		number4(digest, bytes.length);
		digest.update(bytes);
	}

	private static void number4(MessageDigest digest, int value) {
		digest.update((byte) (value >>> 24));
		digest.update((byte) (value >>> 16));
		digest.update((byte) (value >>> 8));
		digest.update((byte) value);
	}

	private static void number(MessageDigest digest, long value) {
		for (int shift = 56; shift >= 0; shift -= 8) {
			digest.update((byte) (value >>> shift));
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
