package dev.sigil.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoders;

import tools.jackson.databind.JsonNode;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.issuer.audit.AuditMaintenance;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger at fleet scale, through a running server on real PostgreSQL: time-ordered
 * jtis that find their one partition, each org's hash chain checked against rows changed,
 * removed and inserted behind Sigil's back (as the schema's owner, the only role that
 * can), signed checkpoints verified with nothing but the published JWKS, and activity
 * from the hourly counts.
 */
class AuditLedgerEndToEndTests extends ServerTestSupport {

	@Autowired
	private AuditMaintenance maintenance;

	@Test
	void jtiWhenIssuedThenTimeOrderedAndItsLookupReadsOnePartition() throws Exception {
		TestMachine machine = this.client.newMachine("ledger-jti");
		Instant before = Instant.now().minusMillis(5);
		Jwt token = JwtDecoders.fromIssuerLocation(PORTS.issuer(machine.org()))
			.decode(this.client.issueToken(machine.credential(), "sts.amazonaws.com"));
		UUID jti = UUID.fromString(token.getId());
		assertThat(jti.version()).isEqualTo(7);
		Instant minted = Instant.ofEpochMilli(jti.getMostSignificantBits() >>> 16);
		assertThat(minted).isBetween(before, Instant.now().plusMillis(5));

		JsonNode page = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + machine.org() + "/tokens?jti=" + jti, null).body());
		assertThat(page.get("items")).hasSize(1);

		// The management API's lookup, as AuditQuery writes it: one partition of the
		// ledger, found
		// from the jti alone, by its index.
		String plan = plan("explain select t.id from issued_token t join org o on o.id = t.org_id where true "
				+ "and t.org_id = (select id from org where slug = '" + machine.org() + "') and t.jti = '" + jti
				+ "' and t.issued_at = '" + minted + "'");
		Set<String> partitions = new HashSet<>();
		Matcher scanned = Pattern.compile("on (issued_token_\\d{8})").matcher(plan);
		while (scanned.find()) {
			partitions.add(scanned.group(1));
		}
		assertThat(partitions).as(plan).hasSize(1);
		assertThat(plan).contains("Index");
	}

	@Test
	void chainWhenUntouchedThenVerifies() {
		TestMachine machine = this.client.newMachine("ledger-ok");
		List<String> jtis = issue(machine, 12);
		JsonNode verdict = verify(machine.org());
		assertThat(verdict.get("ok").asBoolean()).as(verdict.toString()).isTrue();
		assertThat(verdict.get("rows").asLong()).isEqualTo(jtis.size());
		assertThat(verdict.has("first_bad")).isFalse();
	}

	@Test
	void chainWhenRowChangedInTheDatabaseThenVerifyNamesIt() throws Exception {
		TestMachine machine = this.client.newMachine("ledger-changed");
		List<String> jtis = issue(machine, 8);
		owner("update issued_token set audience = 'sts.attacker.example' where jti = '" + jtis.get(4) + "'");
		JsonNode verdict = verify(machine.org());
		assertThat(verdict.get("ok").asBoolean()).isFalse();
		assertThat(verdict.get("first_bad").get("jti").asString()).isEqualTo(jtis.get(4));
		assertThat(verdict.get("first_bad").get("reason").asString()).contains("does not match its hash");
	}

	@Test
	void chainWhenRowRemovedInTheDatabaseThenVerifyNamesTheRowAfterTheGap() throws Exception {
		TestMachine machine = this.client.newMachine("ledger-removed");
		List<String> jtis = issue(machine, 8);
		owner("delete from issued_token where jti = '" + jtis.get(3) + "'");
		JsonNode verdict = verify(machine.org());
		assertThat(verdict.get("ok").asBoolean()).isFalse();
		assertThat(verdict.get("rows").asLong()).isLessThanOrEqualTo(7);
		assertThat(verdict.get("first_bad").get("jti").asString()).isEqualTo(jtis.get(4));
		assertThat(verdict.get("first_bad").get("reason").asString()).contains("1 row before it was removed");
	}

	@Test
	void chainWhenRowInsertedInTheDatabaseThenVerifyNamesIt() throws Exception {
		TestMachine machine = this.client.newMachine("ledger-inserted");
		List<String> jtis = issue(machine, 6);
		// A copy of a real row under a new jti: once without a place in the chain, once
		// taking one.
		String forged = UUID.randomUUID().toString();
		owner("insert into issued_token (jti, org_id, app_id, app_name, machine_id, machine_name, machine_version, "
				+ "subject, audience, kid, issued_at, expires_at, client_address, claims) select '" + forged
				+ "', org_id, app_id, app_name, machine_id, machine_name, machine_version, subject, 'sts.forged', kid, "
				+ "issued_at + interval '1 millisecond', expires_at, client_address, claims from issued_token where jti = '"
				+ jtis.get(2) + "'");
		JsonNode verdict = verify(machine.org());
		assertThat(verdict.get("ok").asBoolean()).isFalse();
		assertThat(verdict.get("first_bad").get("jti").asString()).isEqualTo(forged);
		assertThat(verdict.get("first_bad").get("reason").asString()).contains("not in the chain");

		owner("update issued_token set chain_position = 3, chain_hash = (select chain_hash from issued_token where jti = '"
				+ jtis.get(2) + "') where jti = '" + forged + "'");
		verdict = verify(machine.org());
		assertThat(verdict.get("ok").asBoolean()).isFalse();
		assertThat(verdict.get("first_bad").get("reason").asString()).contains("position 3 is taken twice");
	}

	@Test
	void checkpointsWhenFetchedThenVerifyWithThePublishedJwksAloneAndPinTheChain() throws Exception {
		TestMachine machine = this.client.newMachine("ledger-checkpoint");
		List<String> jtis = issue(machine, 5);
		// A run skips while another server of the shared database holds the
		// maintenance lock.
		await().atMost(Duration.ofSeconds(60)).until(this.maintenance::runOnce);
		JsonNode checkpoints = SigilClient
			.parse(this.client.admin("GET", "/api/v1/orgs/" + machine.org() + "/audit/checkpoints?limit=5", null)
				.body())
			.get("checkpoints");
		assertThat(checkpoints).isNotEmpty();
		JsonNode latest = checkpoints.get(0);
		assertThat(latest.get("position").asLong()).isEqualTo(5);

		// Offline: the JWKS from the public port, and the JWS; nothing else of Sigil's.
		JWKSet jwks = JWKSet.parse(this.client.publicGet("/" + machine.org() + "/oauth2/jwks").body());
		JWSObject jws = JWSObject.parse(latest.get("jws").asString());
		RSAKey key = jwks.getKeyByKeyId(jws.getHeader().getKeyID()).toRSAKey();
		assertThat(jws.verify(new RSASSAVerifier(key))).isTrue();
		assertThat(jws.getPayload().toJSONObject()).containsEntry("position", 5L)
			.containsEntry("head", latest.get("head").asString())
			.containsKeys("org", "time");
		assertThat(owner1("select encode(chain_hash, 'hex') from issued_token where jti = '" + jtis.get(4) + "'"))
			.isEqualTo(latest.get("head").asString());
		String forged = latest.get("jws").asString().substring(0, latest.get("jws").asString().lastIndexOf('.') + 1)
				+ "AAAA";
		assertThat(JWSObject.parse(forged).verify(new RSASSAVerifier(key))).isFalse();

		// Someone who knows the chain's rule changes the last row and recomputes its
		// hash: every row
		// follows from the one before, but the head no longer matches the signed
		// checkpoint.
		rewriteWithHash(jtis.get(3), jtis.get(4), 5, "sts.attacker.example");
		JsonNode verdict = verify(machine.org());
		assertThat(verdict.get("ok").asBoolean()).as(verdict.toString()).isFalse();
		assertThat(verdict.get("first_bad").get("jti").asString()).isEqualTo(jtis.get(4));
		assertThat(verdict.get("first_bad").get("reason").asString()).contains("differs from the signed checkpoint");
	}

	private static void rewriteWithHash(String previousJti, String jti, long position, String audience)
			throws SQLException {
		try (Connection connection = TestDatabase.get().connect()) {
			byte[] previous;
			try (PreparedStatement statement = connection
				.prepareStatement("select chain_hash from issued_token where jti = ?::uuid")) {
				statement.setString(1, previousJti);
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					previous = rows.getBytes(1);
				}
			}
			byte[] hash;
			try (PreparedStatement statement = connection.prepareStatement("select org_id, app_id, app_name, "
					+ "machine_id, machine_name, machine_version, subject, kid, issued_at, expires_at, client_address, "
					+ "claims::text from issued_token where jti = ?::uuid")) {
				statement.setString(1, jti);
				try (ResultSet rs = statement.executeQuery()) {
					rs.next();
					hash = dev.sigil.issuer.audit.LedgerChain.hash(previous, position, UUID.fromString(jti),
							rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
							rs.getObject(4, UUID.class), rs.getString(5), rs.getInt(6), rs.getString(7), audience,
							rs.getString(8), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(),
							rs.getString(11), rs.getString(12));
				}
			}
			try (PreparedStatement statement = connection
				.prepareStatement("update issued_token set audience = ?, chain_hash = ? where jti = ?::uuid")) {
				statement.setString(1, audience);
				statement.setBytes(2, hash);
				statement.setString(3, jti);
				statement.executeUpdate();
			}
		}
	}

	@Test
	void activityWhenTokensIssuedThenCountedFromTheHourlyRollupByAppAndAudience() {
		TestMachine machine = this.client.newMachine("ledger-activity");
		issue(machine, 7);
		for (int i = 0; i < 3; i++) {
			this.client.issueToken(machine.credential(), "vault");
		}
		String base = "/api/v1/orgs/" + machine.org() + "/activity?from=" + Instant.now().minusSeconds(7200) + "&to="
				+ Instant.now().plusSeconds(3600);
		JsonNode hourly = SigilClient.parse(this.client.admin("GET", base + "&by=hour", null).body()).get("buckets");
		assertThat(sum(hourly)).isEqualTo(10);
		JsonNode daily = SigilClient.parse(this.client.admin("GET", base + "&by=day", null).body()).get("buckets");
		assertThat(sum(daily)).isEqualTo(10);
		JsonNode vault = SigilClient.parse(this.client.admin("GET", base + "&by=hour&aud=vault&app=web", null).body())
			.get("buckets");
		assertThat(sum(vault)).isEqualTo(3);
		assertThat(this.client.admin("GET", base + "&by=week", null).statusCode()).isEqualTo(400);
	}

	private List<String> issue(TestMachine machine, int count) {
		List<String> jtis = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String token = this.client.issueToken(machine.credential(), "sts.amazonaws.com");
			jtis.add(SigilClient.parse(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])))
				.get("jti")
				.asString());
		}
		return jtis;
	}

	private JsonNode verify(String org) {
		String path = "/api/v1/orgs/" + org + "/audit/verify?from=" + Instant.now().minusSeconds(600) + "&to="
				+ Instant.now().plusSeconds(60);
		var response = this.client.admin("GET", path, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SigilClient.parse(response.body());
	}

	private static long sum(JsonNode buckets) {
		long total = 0;
		for (JsonNode bucket : buckets) {
			total += bucket.get("count").asLong();
		}
		return total;
	}

	/**
	 * Runs a statement as the schema's owner: what someone with the database's keys could
	 * do.
	 */
	private static void owner(String sql) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.execute();
		}
	}

	private static String owner1(String sql) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static String plan(String sql) throws SQLException {
		StringBuilder plan = new StringBuilder();
		try (Connection connection = TestDatabase.get().connect()) {
			// A small, freshly analysed partition may be cheaper to scan whole:
			// the question is whether an index serves the lookup, and without one
			// the plan stays a scan.
			try (PreparedStatement off = connection.prepareStatement("set enable_seqscan = off")) {
				off.execute();
			}
			try (PreparedStatement statement = connection.prepareStatement(sql);
					ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					plan.append(rows.getString(1)).append('\n');
				}
			}
		}
		return plan.toString();
	}

}
