package dev.sigil.issuer.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * The audit ledger's record of one issued token: its claims as the token carries them (never the
 * token or its signature), the key that signed it, the machine that asked and from where.
 *
 * @param claimsJson the token's payload, a JSON object
 */
public record AuditEntry(UUID jti, UUID orgId, UUID appId, String appName, UUID machineId, String machineName,
		int machineVersion, String subject, String audience, String kid, Instant issuedAt, Instant expiresAt,
		String clientAddress, String claimsJson) {
}
