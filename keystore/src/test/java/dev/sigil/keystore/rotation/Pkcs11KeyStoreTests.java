package dev.sigil.keystore.rotation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.db.test.TestClock;
import dev.sigil.keystore.KeyPolicy;
import dev.sigil.keystore.KeyState;
import dev.sigil.keystore.KeyStorage;
import dev.sigil.keystore.KeystoreTestApplication;
import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.SigningKeyRepository;
import dev.sigil.keystore.crypto.KeyEncryptionKeys;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.crypto.SigningProvider;
import dev.sigil.keystore.pkcs11.Pkcs11Token;
import dev.sigil.keystore.ring.ActiveKey;
import dev.sigil.keystore.ring.KeyRing;
import dev.sigil.keystore.ring.OrgKeys;
import dev.sigil.keystore.ring.TestKeyRing;
import dev.sigil.db.test.SoftHsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Signing keys in a real SoftHSM token: generated there as sensitive, non-extractable
 * objects named by their kid, used there, destroyed there; the database keeps the public
 * key and the lifecycle and nothing private. A key whose token object disappears is never
 * used again, and an org with sealed keys moves to hardware keys on its next rotation.
 */
@SpringBootTest(classes = KeystoreTestApplication.class,
		properties = "sigil.kek=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
class Pkcs11KeyStoreTests {

	private static final SoftHsm.Token TOKEN = SoftHsm.token();

	@DynamicPropertySource
	static void token(DynamicPropertyRegistry registry) {
		for (String property : TOKEN.properties()) {
			String[] pair = property.split("=", 2);
			registry.add(pair[0], () -> pair[1]);
		}
	}

	@Autowired
	private SigningKeyManager manager;

	@Autowired
	private KeyRing keyRing;

	@Autowired
	private Pkcs11Token token;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AdminEvents events;

	@Autowired
	private TestClock clock;

	@Autowired
	private SigningKeyRepository repository;

	@Autowired
	private KeyEncryptionKeys keks;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MaintenanceLock maintenanceLock;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private SigningProvider signingProvider;

	@ParameterizedTest
	@EnumSource(SigningAlgorithm.class)
	void keysWhenMadeThenSignInTheTokenAndVerifyWithThePublishedKey(SigningAlgorithm algorithm) throws Exception {
		UUID org = newOrg(algorithm, this.manager);
		OrgKeys keys = this.keyRing.keys(org);
		ActiveKey active = keys.active().orElseThrow();
		assertThat(active.privateKey().toString()).contains("token object", "sensitive", "unextractable");
		assertThat(active.jwk().isPrivate()).isFalse();
		JWK published = keys.published().getKeyByKeyId(active.kid());
		JWSObject signed = sign(active, "{\"sub\":\"m\"}");
		assertThat(signed.verify((algorithm == SigningAlgorithm.RS256) ? new RSASSAVerifier(published.toRSAKey())
				: new ECDSAVerifier(published.toECKey())))
			.isTrue();
		assertThat(keys.published().getKeys()).hasSize(2);
		assertThat(this.token.kids()).containsAll(kids(org));
	}

	@Test
	void tokenWhenKeysMadeThenPrivateKeysAreSensitiveAndNeverExtractable() {
		UUID rsa = newOrg(SigningAlgorithm.RS256, this.manager);
		UUID ec = newOrg(SigningAlgorithm.ES256, this.manager);
		Map<String, List<String>> access = TOKEN.privateKeyAccess();
		for (String kid : concat(kids(rsa), kids(ec))) {
			assertThat(access).as("kid %s has a private key object in the token", kid).containsKey(kid);
			assertThat(access.get(kid)).as("CKA_SENSITIVE and never CKA_EXTRACTABLE")
				.contains("sensitive", "never extractable")
				.doesNotContain("extractable");
		}
	}

	@ParameterizedTest
	@EnumSource(SigningAlgorithm.class)
	void databaseWhenKeysInTheTokenThenHoldsNoPrivateMaterial(SigningAlgorithm algorithm) throws Exception {
		UUID org = newOrg(algorithm, this.manager);
		List<Map<String, Object>> rows = this.jdbc.sql("select * from signing_key where org_id = ?")
			.param(org)
			.query()
			.listOfRows();
		assertThat(rows).hasSize(2);
		for (Map<String, Object> row : rows) {
			assertThat(row.get("storage")).isEqualTo("PKCS11");
			assertThat(row.get("private_key_ciphertext")).isNull();
			assertThat(row.get("kek_id")).isNull();
			JWK jwk = JWK.parse((String) row.get("public_jwk"));
			assertThat(jwk.isPrivate()).isFalse();
			// Only the public members of RFC 7518 (RSA: n, e; EC: crv, x, y), never d, p,
			// q.
			assertThat(jwk.toJSONObject()).containsOnlyKeys(
					(algorithm == SigningAlgorithm.RS256) ? new String[] { "kty", "kid", "use", "alg", "n", "e" }
							: new String[] { "kty", "kid", "use", "alg", "crv", "x", "y" });
		}
		assertThatThrownBy(() -> this.jdbc.sql("""
				update signing_key set private_key_ciphertext = '\\x01'::bytea, kek_id = 'x' where org_id = ?
				""").param(org).update()).as("the schema refuses private material beside a token key")
			.isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
	}

	@Test
	void tokenObjectWhenDeletedBehindSigilsBackThenOrgStopsSigningAndIsReported() {
		UUID org = newOrg(SigningAlgorithm.ES256, this.manager);
		// A ring of its own, which no change event reloads: only the check finds the
		// deletion.
		KeyRing ring = TestKeyRing.with(this.context, new PrivateKeySealer(this.keks), Optional.of(this.token));
		String kid = ring.keys(org).active().orElseThrow().kid();
		TOKEN.deletePrivateKey(kid);
		assertThat(ring.keys(org).active()).as("held until the next check").isPresent();
		ring.reverify();
		OrgKeys keys = ring.keys(org);
		assertThat(keys.active()).isEmpty();
		assertThat(keys.unavailableReason()).contains(kid).contains("missing");
		assertThat(ring.unavailable()).containsKey(org);
		await().untilAsserted(() -> assertThat(this.events.latest(org, 20)).anySatisfy((event) -> {
			assertThat(event.action()).isEqualTo("key.unusable");
			assertThat(event.subject()).isEqualTo(kid);
		}));
	}

	@Test
	void publicKeyWhenItDoesNotMatchTheTokenObjectThenNeverUsed() {
		UUID org = newOrg(SigningAlgorithm.RS256, this.manager);
		UUID other = newOrg(SigningAlgorithm.RS256, this.manager);
		String kid = this.keyRing.keys(org).active().orElseThrow().kid();
		String otherPublic = this.jdbc.sql("select public_jwk from signing_key where org_id = ? and state = 'ACTIVE'")
			.param(other)
			.query(String.class)
			.single();
		String forged = otherPublic.replaceAll("\"kid\":\"[^\"]+\"", "\"kid\":\"" + kid + "\"");
		this.jdbc.sql("update signing_key set public_jwk = ? where kid = ?").params(forged, kid).update();
		this.keyRing.reverify();
		OrgKeys keys = this.keyRing.keys(org);
		assertThat(keys.active()).isEmpty();
		assertThat(keys.unavailableReason()).contains(kid).contains("does not match");
		assertThat(keys.published().getKeyByKeyId(kid)).isNull();
	}

	@Test
	void revokeWhenKeyInTheTokenThenItsObjectIsDestroyed() {
		UUID org = newOrg(SigningAlgorithm.ES256, this.manager);
		String active = this.keyRing.keys(org).active().orElseThrow().kid();
		this.manager.revoke(org, active, "test");
		assertThat(this.token.kids()).doesNotContain(active);
		assertThat(TOKEN.privateKeyAccess()).doesNotContainKey(active);
		assertThat(this.keyRing.keys(org).active()).isPresent();
	}

	@Test
	void retiredKeyWhenPublicationEndsThenRowAndTokenObjectAreDeleted() {
		UUID org = newOrg(SigningAlgorithm.ES256, this.manager);
		String first = this.keyRing.keys(org).active().orElseThrow().kid();
		this.clock.advance(Duration.ofHours(2));
		this.manager.rotate(org, "test");
		assertThat(this.token.kids()).as("a retired key still verifies").contains(first);
		this.clock.advance(Duration.ofHours(2));
		this.manager.maintain("test");
		assertThat(kids(org)).doesNotContain(first);
		assertThat(this.token.kids()).doesNotContain(first);
	}

	@Test
	void sealedKeysWhenTheStoreBecomesPkcs11ThenNextRotationMakesHardwareKeysAndOldKeysKeepServing() throws Exception {
		KeyRing databaseRing = TestKeyRing.sealedWith(this.context, new PrivateKeySealer(this.keks));
		SigningKeyManager databaseManager = new SigningKeyManager(this.repository, new PrivateKeySealer(this.keks),
				this.keks, databaseRing, this.events, this.jdbc, policy(), this.clock,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), this.maintenanceLock,
				this.transactionManager, this.signingProvider, Optional.empty());
		UUID org = newOrg(SigningAlgorithm.RS256, databaseManager);
		assertThat(storages(org)).containsOnly("DATABASE");
		String sealedActive = this.keyRing.keys(org).active().orElseThrow().kid();
		JWSObject signedBefore = sign(this.keyRing.keys(org).active().orElseThrow(), "{}");

		this.clock.advance(Duration.ofHours(2));
		this.manager.rotate(org, "test");
		this.clock.advance(Duration.ofMinutes(61));
		this.manager.rotate(org, "test");

		OrgKeys keys = this.keyRing.keys(org);
		SigningKey active = this.manager.keysOf(org)
			.stream()
			.filter((key) -> key.getState() == KeyState.ACTIVE)
			.findFirst()
			.orElseThrow();
		assertThat(active.getStorage()).isEqualTo(KeyStorage.PKCS11);
		assertThat(keys.active().orElseThrow().kid()).isEqualTo(active.getKid());
		assertThat(this.manager.keysOf(org)).filteredOn((key) -> key.getState() == KeyState.NEXT)
			.extracting(SigningKey::getStorage)
			.containsExactly(KeyStorage.PKCS11);
		JWK sealedPublic = keys.published().getKeyByKeyId(sealedActive);
		assertThat(sealedPublic).as("the sealed key, retired, still verifies").isNotNull();
		assertThat(signedBefore.verify(new RSASSAVerifier(sealedPublic.toRSAKey()))).isTrue();
		JWSObject signedAfter = sign(keys.active().orElseThrow(), "{}");
		assertThat(signedAfter.verify(new RSASSAVerifier(keys.published().getKeyByKeyId(active.getKid()).toRSAKey())))
			.isTrue();
	}

	@Test
	void keysWhenTheirTransactionRollsBackThenTheirTokenObjectsAreDestroyed() {
		Set<String> before = this.token.kids();
		UUID org = UUID.randomUUID();
		this.jdbc.sql("insert into org (id, slug, name, signing_algorithm, created_at) values (?, ?, ?, ?, now())")
			.params(org, "h" + org.toString().substring(0, 8), "Hardware", "ES256")
			.update();
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			this.manager.createInitialKeys(org, SigningAlgorithm.ES256, "test");
			assertThat(this.token.kids()).as("made in the token").hasSize(before.size() + 2);
			status.setRollbackOnly();
		});
		assertThat(this.token.kids()).isEqualTo(before);
	}

	@Test
	void revokedKeyWhenItsObjectWasNotDestroyedThenTheNextRunDestroysIt() {
		UUID org = newOrg(SigningAlgorithm.ES256, this.manager);
		String next = this.jdbc.sql("select kid from signing_key where org_id = ? and state = 'NEXT'")
			.param(org)
			.query(String.class)
			.single();
		// A revocation whose destroy failed: the row says REVOKED, the object is still
		// there.
		this.jdbc.sql("update signing_key set state = 'REVOKED', revoked_at = now() where kid = ?")
			.param(next)
			.update();
		assertThat(this.token.kids()).contains(next);
		this.manager.maintain("test");
		assertThat(this.token.kids()).doesNotContain(next);
		assertThat(this.token.kids()).as("the org's other key").containsAll(kids(org));
	}

	@Test
	void tokenKeyWhenItsRowIsMovedToAnotherOrgThenThatOrgNeitherPublishesNorSignsIt() {
		UUID victim = newOrg(SigningAlgorithm.RS256, this.manager);
		UUID thief = newOrg(SigningAlgorithm.RS256, this.manager);
		String stolen = this.jdbc.sql("select kid from signing_key where org_id = ? and state = 'NEXT'")
			.param(victim)
			.query(String.class)
			.single();
		this.jdbc.sql("""
				update signing_key set org_id = ?, state = 'RETIRED', activated_at = now(), retired_at = now(),
				       unpublish_at = now() + interval '1 day'
				where kid = ?
				""").params(thief, stolen).update();
		this.keyRing.reverify();
		OrgKeys keys = this.keyRing.keys(thief);
		assertThat(keys.published().getKeyByKeyId(stolen)).isNull();
		assertThat(keys.active()).isEmpty();
		assertThat(keys.unavailableReason()).contains(stolen).contains("was not made for org " + thief);
	}

	@Test
	void tokenWhenConfiguredButTheStoreIsTheDatabaseThenNewKeysAreSealedAndTokenKeysStillServe() {
		UUID hardware = newOrg(SigningAlgorithm.ES256, this.manager);
		char[] pin = TOKEN.pin().toCharArray();
		Pkcs11Token servingOnly = Pkcs11Token.open(TOKEN.library(), TOKEN.label(), null, pin, false);
		KeyRing ring = TestKeyRing.with(this.context, new PrivateKeySealer(this.keks), Optional.of(servingOnly));
		SigningKeyManager databaseManager = new SigningKeyManager(this.repository, new PrivateKeySealer(this.keks),
				this.keks, ring, this.events, this.jdbc, policy(), this.clock,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), this.maintenanceLock,
				this.transactionManager, this.signingProvider, Optional.of(servingOnly));
		UUID sealed = newOrg(SigningAlgorithm.ES256, databaseManager);
		assertThat(storages(sealed)).containsOnly("DATABASE");
		assertThat(ring.keys(hardware).active()).as("a key made in the token still signs").isPresent();
		assertThat(ring.keys(sealed).active()).isPresent();
	}

	private static JWSObject sign(ActiveKey key, String payload) throws Exception {
		JWSSigner signer = (key.algorithm() == SigningAlgorithm.ES256) ? new ECDSASigner(key.privateKey(), Curve.P_256)
				: new RSASSASigner(key.privateKey());
		signer.getJCAContext().setProvider(key.provider().jcaProvider());
		JWSObject jws = new JWSObject(
				new JWSHeader.Builder(key.algorithm().jwsAlgorithm()).keyID(key.kid()).type(JOSEObjectType.JWT).build(),
				new Payload(payload.getBytes(StandardCharsets.UTF_8)));
		jws.sign(signer);
		return JWSObject.parse(jws.serialize());
	}

	private UUID newOrg(SigningAlgorithm algorithm, SigningKeyManager maker) {
		UUID org = UUID.randomUUID();
		this.jdbc.sql("insert into org (id, slug, name, signing_algorithm, created_at) values (?, ?, ?, ?, now())")
			.params(org, "h" + org.toString().substring(0, 8), "Hardware", algorithm.name())
			.update();
		maker.createInitialKeys(org, algorithm, "test");
		return org;
	}

	private List<String> kids(UUID org) {
		return this.jdbc.sql("select kid from signing_key where org_id = ? and state <> 'REVOKED'")
			.param(org)
			.query(String.class)
			.list();
	}

	private List<String> storages(UUID org) {
		return this.jdbc.sql("select storage from signing_key where org_id = ?").param(org).query(String.class).list();
	}

	private static List<String> concat(List<String> first, List<String> second) {
		return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
	}

	private static KeyPolicy policy() {
		return new KeyPolicy(Duration.ofDays(10), Duration.ofHours(1), Duration.ofMinutes(70), 5);
	}

}
