package dev.sigil.issuer.audit;

import java.sql.Timestamp;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

/** Writes the audit ledger. A row is committed when {@link #record} returns. */
@Repository
public class AuditLedger {

	private static final String INSERT = """
			insert into issued_token (jti, org_id, app_id, app_name, machine_id, machine_name, machine_version,
			                          subject, audience, kid, issued_at, expires_at, client_address, claims)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
			""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	public AuditLedger(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Commits the entry (outside any caller transaction, so it is durable before the token leaves). */
	public void record(AuditEntry entry) {
		this.jdbc.sql(INSERT)
			.params(entry.jti(), entry.orgId(), entry.appId(), entry.appName(), entry.machineId(), entry.machineName(),
					entry.machineVersion(), entry.subject(), entry.audience(), entry.kid(),
					Timestamp.from(entry.issuedAt()), Timestamp.from(entry.expiresAt()), entry.clientAddress(),
					this.json.writeValueAsString(entry.claims()))
			.update();
	}

}
