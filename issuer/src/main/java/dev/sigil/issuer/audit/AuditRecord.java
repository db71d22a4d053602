package dev.sigil.issuer.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An audit entry as read back, with its org and its position in the ledger. */
public record AuditRecord(long id, UUID jti, UUID orgId, String orgSlug, UUID appId, String appName, UUID machineId,
		String machineName, int machineVersion, String subject, String audience, String kid, Instant issuedAt,
		Instant expiresAt, String clientAddress, Map<String, Object> claims) {
}
