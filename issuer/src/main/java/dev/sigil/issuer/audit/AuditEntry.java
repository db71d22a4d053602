package dev.sigil.issuer.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The audit ledger's record of one issued token: its claims (never the token or its signature), the
 * key that signed it, the machine that asked and from where.
 */
public record AuditEntry(UUID jti, UUID orgId, UUID appId, String appName, UUID machineId, String machineName,
		int machineVersion, String subject, String audience, String kid, Instant issuedAt, Instant expiresAt,
		String clientAddress, Map<String, Object> claims) {
}
