package dev.sigil.issuer.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each org's ledger as a hash chain: a row's hash is SHA-256 over the previous row's hash and the
 * row's canonical form, so a row changed, removed or inserted anywhere breaks every hash after it,
 * and a signed checkpoint of the head pins all that came before.
 * <p>
 * The canonical form is a JSON array of the columns in a fixed order (times as microseconds since
 * the epoch, as PostgreSQL keeps them) and the claims re-written with sorted keys: PostgreSQL's jsonb
 * keeps neither the key order nor the spacing of the JSON it was given, so the writer and a verifier
 * reading the row back must agree on a form of their own.
 */
public final class LedgerChain {

	/** The hash before an org's first row. */
	public static final byte[] GENESIS = new byte[32];

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private static final JsonMapper CANONICAL = JsonMapper.builder()
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private LedgerChain() {
	}

	/** The row's hash given the previous one. */
	public static byte[] hash(byte[] previous, long position, UUID jti, UUID orgId, UUID appId, String appName,
			UUID machineId, String machineName, int machineVersion, String subject, String audience, String kid,
			Instant issuedAt, Instant expiresAt, String clientAddress, String claimsJson) {
		List<Object> row = new ArrayList<>(16);
		row.add(position);
		row.add(jti.toString());
		row.add(orgId.toString());
		row.add(appId.toString());
		row.add(appName);
		row.add(machineId.toString());
		row.add(machineName);
		row.add(machineVersion);
		row.add(subject);
		row.add(audience);
		row.add(kid);
		row.add(micros(issuedAt));
		row.add(micros(expiresAt));
		row.add(clientAddress);
		row.add(CANONICAL.readValue(claimsJson, OBJECT));
		byte[] canonical = CANONICAL.writeValueAsString(row).getBytes(StandardCharsets.UTF_8);
		MessageDigest sha256 = sha256();
		sha256.update(previous);
		sha256.update(canonical);
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
		return java.util.HexFormat.of().formatHex(bytes);
	}

	static byte[] copy(byte[] bytes) {
		return Arrays.copyOf(bytes, bytes.length);
	}

	private static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
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
