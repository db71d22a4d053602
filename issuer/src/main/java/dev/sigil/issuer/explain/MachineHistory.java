package dev.sigil.issuer.explain;

import java.sql.Timestamp;
import java.util.Date;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.sigil.issuer.explain.Explanation.Check;

/**
 * What became of a token's machine since the token was issued: deleted, changed, new
 * credential.
 */
@Component
class MachineHistory {

	private final JdbcClient jdbc;

	MachineHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Check check(UUID orgId, UUID machineId, String tokenVersion, Date issuedAt) {
		return this.jdbc.sql("""
				select m.name, a.name as app_name, m.version, m.deleted_at,
				       (select max(c.created_at) from machine_credential c where c.machine_id = m.id) as credential_at
				from machine m join app a on a.id = m.app_id
				where m.id = ? and m.org_id = ?
				""").params(machineId, orgId).query((rs, row) -> {
			String name = rs.getString("app_name") + "/" + rs.getString("name");
			Timestamp deleted = rs.getTimestamp("deleted_at");
			if (deleted != null) {
				return new Check("machine", false, "Machine " + name + " was deleted at " + deleted.toInstant()
						+ ": it gets no new tokens (those issued before stay valid until their exp)");
			}
			Timestamp credentialAt = rs.getTimestamp("credential_at");
			String version = Integer.toString(rs.getInt("version"));
			StringBuilder detail = new StringBuilder("Machine " + name + " is live, version " + version);
			if (tokenVersion != null && !tokenVersion.equals(version)) {
				detail.append("; the token was issued to version ")
					.append(tokenVersion)
					.append(" (its image, digest, region or labels changed since)");
			}
			if (credentialAt != null && issuedAt != null && credentialAt.toInstant().isAfter(issuedAt.toInstant())) {
				detail.append("; its credential was replaced at ")
					.append(credentialAt.toInstant())
					.append(", after this token was issued");
			}
			return new Check("machine", true, detail.toString());
		}).optional().orElseGet(() -> new Check("machine", false, "No machine " + machineId + " in this org"));
	}

}
