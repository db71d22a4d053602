package dev.sigil.issuer.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The audit ledger's record of one issued token: its claims as the token carries them
 * (never the token or its signature), the key that signed it, the machine that asked and
 * from where.
 * <p>
 * Every field is checked here, before the entry joins a group commit, against what its
 * column accepts (length, no NUL, well-formed Unicode), so that one request's entry
 * cannot fail in the database for a reason of its own and take its neighbours' entries
 * with it.
 *
 * @param clientAddress the client's IP address as a canonical literal, or null when
 * unknown
 * @param claimsJson the token's payload, a JSON object
 */
public record AuditEntry(UUID jti, UUID orgId, UUID appId, String appName, UUID machineId, String machineName,
		int machineVersion, String subject, String audience, String kid, Instant issuedAt, Instant expiresAt,
		String clientAddress, String claimsJson) {

	public AuditEntry {
		Objects.requireNonNull(jti, "jti");
		Objects.requireNonNull(orgId, "orgId");
		Objects.requireNonNull(appId, "appId");
		Objects.requireNonNull(machineId, "machineId");
		Objects.requireNonNull(issuedAt, "issuedAt");
		Objects.requireNonNull(expiresAt, "expiresAt");
		text("app_name", appName, 63);
		text("machine_name", machineName, 63);
		text("subject", subject, 200);
		text("audience", audience, 512);
		text("kid", kid, 64);
		if (clientAddress != null) {
			text("client_address", clientAddress, 64);
		}
		text("claims", claimsJson, 64 * 1024);
		if (!claimsJson.startsWith("{") || !claimsJson.endsWith("}")) {
			throw new IllegalArgumentException("Audit field claims must be a JSON object");
		}
	}

	private static void text(String field, String value, int maxLength) {
		if (value == null) {
			throw new IllegalArgumentException("Audit field " + field + " is missing");
		}
		if (value.length() > maxLength) {
			throw new IllegalArgumentException(
					"Audit field " + field + " is longer than " + maxLength + " characters (" + value.length() + ")");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == 0) {
				throw new IllegalArgumentException("Audit field " + field + " contains NUL");
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new IllegalArgumentException("Audit field " + field + " is not well-formed Unicode");
			}
		}
	}

}
