package dev.sigil.keystore.ring;

import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.keystore.KeystoreTestApplication;
import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.rotation.SigningKeyManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Someone who can write to the database but does not hold the KEK tries to slip a public
 * key of their own into an org's JWKS, to forge tokens relying parties would accept: the
 * key is never published, the org stops signing, and an admin event says why.
 */
@SpringBootTest(classes = KeystoreTestApplication.class,
		properties = "sigil.kek=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
class KeyTamperingTests {

	@Autowired
	private SigningKeyManager manager;

	@Autowired
	private KeyRing keyRing;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AdminEvents events;

	@Test
	void publicKeyWhenReplacedInTheDatabaseThenNeverPublishedNorSignedAndReported() throws Exception {
		UUID org = newOrg();
		String next = kidIn(org, "NEXT");
		ECKey attacker = attackersKey(next);
		this.jdbc.sql("update signing_key set public_jwk = ? where kid = ?")
			.params(attacker.toPublicJWK().toJSONString(), next)
			.update();
		this.keyRing.reverify();
		OrgKeys keys = this.keyRing.keys(org);
		assertThat(keys.published().getKeys()).extracting(JWK::getKeyID).doesNotContain(next);
		assertThat(keys.published().toString()).doesNotContain(attacker.getX().toString());
		assertThat(keys.active()).as("the org signs nothing while one of its keys is not whole").isEmpty();
		assertThat(keys.unavailableReason()).contains(next);
		assertThat(this.keyRing.unavailable()).containsKey(org);
		await().untilAsserted(() -> assertThat(this.events.latest(org, 20)).anySatisfy((event) -> {
			assertThat(event.action()).isEqualTo("key.unusable");
			assertThat(event.subject()).isEqualTo(next);
		}));
	}

	@Test
	void keyWhenAddedToTheDatabaseWithoutTheKekThenNeverPublished() throws Exception {
		UUID org = newOrg();
		ECKey attacker = attackersKey("planted-" + UUID.randomUUID());
		this.jdbc.sql("""
				insert into signing_key (id, org_id, kid, algorithm, state, public_jwk, private_key_ciphertext, kek_id,
				                         created_at, activated_at, retired_at, unpublish_at)
				values (?, ?, ?, 'ES256', 'RETIRED', ?, ?, ?, now(), now(), now(), now() + interval '100 years')
				""")
			.params(UUID.randomUUID(), org, attacker.getKeyID(), attacker.toPublicJWK().toJSONString(),
					new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
							15, 16 },
					this.jdbc.sql("select kek_id from signing_key where org_id = ? limit 1")
						.param(org)
						.query(String.class)
						.single())
			.update();
		this.keyRing.reverify();
		OrgKeys keys = this.keyRing.keys(org);
		assertThat(keys.published().getKeys()).extracting(JWK::getKeyID).doesNotContain(attacker.getKeyID());
		assertThat(keys.active()).isEmpty();
		assertThat(keys.unavailableReason()).contains(attacker.getKeyID());
	}

	@Test
	void maintenanceWhenAKeyIsNotWholeThenItIsNeverReSealed() throws Exception {
		UUID org = newOrg();
		String next = kidIn(org, "NEXT");
		byte[] before = ciphertext(next);
		this.jdbc.sql("update signing_key set public_jwk = ? where kid = ?")
			.params(attackersKey(next).toPublicJWK().toJSONString(), next)
			.update();
		this.manager.maintain("test");
		assertThat(ciphertext(next)).as("a tampered record is not re-sealed, which would bless it").isEqualTo(before);
	}

	/**
	 * Tampered orgs must not make the health of the tests after these DOWN: revoke what
	 * was planted.
	 */
	@org.junit.jupiter.api.AfterEach
	void revokeTamperedOrgs() {
		for (UUID org : this.orgs) {
			this.manager.revokeAll(org, "test");
			this.keyRing.invalidate(org);
			this.keyRing.keys(org);
		}
	}

	private final List<UUID> orgs = new java.util.ArrayList<>();

	private byte[] ciphertext(String kid) {
		return this.jdbc.sql("select private_key_ciphertext from signing_key where kid = ?")
			.param(kid)
			.query(byte[].class)
			.single();
	}

	private static ECKey attackersKey(String kid) throws Exception {
		return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
	}

	private String kidIn(UUID org, String state) {
		List<String> kids = this.jdbc.sql("select kid from signing_key where org_id = ? and state = ?")
			.params(org, state)
			.query(String.class)
			.list();
		assertThat(kids).hasSize(1);
		return kids.get(0);
	}

	private UUID newOrg() {
		UUID org = UUID.randomUUID();
		this.jdbc
			.sql("insert into org (id, slug, name, signing_algorithm, created_at) values (?, ?, ?, 'ES256', now())")
			.params(org, "t" + org.toString().substring(0, 8), "Tampered")
			.update();
		this.manager.createInitialKeys(org, SigningAlgorithm.ES256, "test");
		assertThat(this.keyRing.keys(org).active()).isPresent();
		this.orgs.add(org);
		return org;
	}

}
