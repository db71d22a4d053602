package dev.sigil.issuer.federation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lets a subject token through a policy with replay protection once: its {@code jti} is
 * recorded until the token expires, in one statement, so of two concurrent submissions
 * exactly one wins.
 */
@Component
class ReplayGuard {

	private final JdbcClient jdbc;

	private final Clock clock;

	ReplayGuard(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Whether this is the token's first use under the policy (and records it). */
	boolean firstUse(UUID policyId, String jti, Instant expiresAt) {
		return this.jdbc
			.sql("insert into subject_token_use (policy_id, jti, expires_at) values (?, ?, ?) "
					+ "on conflict do nothing")
			.params(policyId, jti, Timestamp.from(expiresAt))
			.update() == 1;
	}

	/**
	 * Whether the token was used under the policy already (for an explanation; records
	 * nothing).
	 */
	boolean used(UUID policyId, String jti) {
		return this.jdbc.sql("select count(*) from subject_token_use where policy_id = ? and jti = ?")
			.params(policyId, jti)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Forgets tokens that have expired: they are refused as expired from now on anyway.
	 */
	int purge() {
		return this.jdbc.sql("delete from subject_token_use where expires_at < ?")
			.param(Timestamp.from(this.clock.instant()))
			.update();
	}

}
