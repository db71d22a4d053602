package dev.sigil.keystore.rotation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.db.test.TestClock;
import dev.sigil.keystore.KeyPolicy;
import dev.sigil.keystore.KeystoreTestApplication;
import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.SigningKeyRepository;
import dev.sigil.keystore.crypto.KeyEncryptionKey;
import dev.sigil.keystore.crypto.KeyEncryptionKeys;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.ring.KeyRing;
import dev.sigil.keystore.ring.OrgKeys;
import dev.sigil.keystore.ring.TestKeyRing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Private keys at rest: never in the clear in any column, re-wrapped when the KEK
 * rotates, and never used to sign when they cannot be decrypted.
 */
@SpringBootTest(classes = KeystoreTestApplication.class,
		properties = "sigil.kek=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
class KeyEncryptionAtRestTests {

	@Autowired
	private SigningKeyManager manager;

	@Autowired
	private KeyRing keyRing;

	@Autowired
	private KeyEncryptionKeys keks;

	@Autowired
	private SigningKeyRepository repository;

	@Autowired
	private AdminEvents events;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MaintenanceLock maintenanceLock;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private org.springframework.transaction.PlatformTransactionManager transactionManager;

	@Autowired
	private TestClock clock;

	@Autowired
	private dev.sigil.keystore.crypto.SigningProvider signingProvider;

	@Test
	void databaseWhenKeysStoredThenHoldsNoPrivateKeyInTheClear() throws Exception {
		UUID org = newOrg(SigningAlgorithm.RS256);
		RSAKey key = this.keyRing.keys(org).active().orElseThrow().jwk().toRSAKey();
		byte[] pkcs8 = key.toPrivateKey().getEncoded();
		List<String> secrets = List.of(key.getPrivateExponent().toString(), key.getFirstPrimeFactor().toString(),
				key.getSecondPrimeFactor().toString(), Base64.getEncoder().encodeToString(pkcs8),
				HexFormat.of().formatHex(pkcs8).substring(0, 200));
		List<Map<String, Object>> rows = this.jdbc.sql("select * from signing_key where org_id = ?")
			.param(org)
			.query()
			.listOfRows();
		assertThat(rows).hasSize(2);
		StringBuilder everything = new StringBuilder();
		for (Map<String, Object> row : rows) {
			for (Object value : row.values()) {
				everything
					.append(value instanceof byte[] bytes
							? HexFormat.of().formatHex(bytes) + " " + new String(bytes, StandardCharsets.ISO_8859_1)
							: String.valueOf(value))
					.append('\n');
			}
		}
		for (String secret : secrets) {
			assertThat(everything.toString()).doesNotContain(secret);
		}
		for (Map<String, Object> row : rows) {
			assertThat(JWK.parse((String) row.get("public_jwk")).isPrivate()).isFalse();
		}
	}

	@Test
	void rewrapWhenKekRotatedThenKeysMoveToNewKekAndOldKekCanBeDropped() {
		UUID org = newOrg(SigningAlgorithm.RS256);
		String signingKid = this.keyRing.keys(org).active().orElseThrow().kid();
		KeyEncryptionKey newKek = KeyEncryptionKey.generate();
		KeyEncryptionKeys rotated = new KeyEncryptionKeys(newKek, List.of(this.keks.current()));
		KeyRing rotatedRing = TestKeyRing.sealedWith(this.context, new PrivateKeySealer(rotated));
		SigningKeyManager rotatedManager = new SigningKeyManager(this.repository, new PrivateKeySealer(rotated),
				rotated, rotatedRing, this.events, this.jdbc, policy(), this.clock,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), this.maintenanceLock,
				this.transactionManager, this.signingProvider, java.util.Optional.empty());
		assertThat(rotatedRing.keys(org).active()).as("opens keys under the previous KEK").isPresent();
		// A run skips while the maintenance lock is held (by a test context's start-up
		// run, say): run until this one has done the work.
		await().atMost(java.time.Duration.ofSeconds(60)).until(() -> rotatedManager.maintain("scheduler"));
		assertThat(this.jdbc.sql("select distinct kek_id from signing_key where org_id = ?")
			.param(org)
			.query(String.class)
			.list()).containsExactly(newKek.id());
		KeyEncryptionKeys onlyNew = new KeyEncryptionKeys(newKek, List.of());
		KeyRing newOnlyRing = TestKeyRing.sealedWith(this.context, new PrivateKeySealer(onlyNew));
		assertThat(newOnlyRing.keys(org).active().orElseThrow().kid()).isEqualTo(signingKid);
		assertThat(this.events.latest(org, 20)).anyMatch((event) -> event.action().equals("key.rewrapped"));
	}

	@Test
	void keysWhenKekWrongThenNoSigningKeyAndReasonNamesKid() {
		UUID org = newOrg(SigningAlgorithm.ES256);
		String kid = this.keyRing.keys(org).active().orElseThrow().kid();
		KeyRing wrongRing = TestKeyRing.sealedWith(this.context,
				new PrivateKeySealer(new KeyEncryptionKeys(KeyEncryptionKey.generate(), List.of())));
		OrgKeys keys = wrongRing.keys(org);
		assertThat(keys.active()).isEmpty();
		assertThat(keys.published().size()).as("nothing it cannot prove is published").isZero();
		assertThat(keys.unavailableReason()).contains(kid).contains(this.keks.current().id());
		assertThat(wrongRing.unavailable()).containsKey(org);
	}

	private UUID newOrg(SigningAlgorithm algorithm) {
		UUID org = UUID.randomUUID();
		this.jdbc.sql("insert into org (id, slug, name, signing_algorithm, created_at) values (?, ?, ?, ?, now())")
			.params(org, "r" + org.toString().substring(0, 8), "Rest", algorithm.name())
			.update();
		this.manager.createInitialKeys(org, algorithm, "test");
		return org;
	}

	private static KeyPolicy policy() {
		return new KeyPolicy(java.time.Duration.ofDays(10), java.time.Duration.ofHours(1),
				java.time.Duration.ofMinutes(70), 5);
	}

}
