package dev.sigil.keystore.rotation;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.db.test.TestClock;
import dev.sigil.keystore.KeyPolicy;
import dev.sigil.keystore.KeyState;
import dev.sigil.keystore.KeystoreTestApplication;
import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.SigningKeyRepository;
import dev.sigil.keystore.crypto.KeyEncryptionKeys;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.ring.KeyRing;
import dev.sigil.keystore.ring.OrgKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The whole key lifecycle on a real database, driven by a clock the test moves: nothing
 * sleeps.
 */
@SpringBootTest(classes = KeystoreTestApplication.class,
		properties = "sigil.kek=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
class SigningKeyManagerTests {

	@Autowired
	private SigningKeyManager manager;

	@Autowired
	private KeyRing keyRing;

	@Autowired
	private TestClock clock;

	@Autowired
	private dev.sigil.keystore.crypto.SigningProvider signingProvider;

	@Autowired
	private KeyRotationScheduler scheduler;

	@Autowired
	private AdminEvents events;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MaintenanceLock maintenanceLock;

	@Autowired
	private org.springframework.transaction.PlatformTransactionManager transactionManager;

	@Autowired
	private SigningKeyRepository repository;

	@Autowired
	private PrivateKeySealer sealer;

	@Autowired
	private KeyEncryptionKeys keks;

	private UUID org;

	@BeforeEach
	void newOrg() {
		this.org = UUID.randomUUID();
		this.jdbc
			.sql("insert into org (id, slug, name, signing_algorithm, created_at) values (?, ?, ?, 'RS256', now())")
			.params(this.org, "k" + this.org.toString().substring(0, 8), "Keys")
			.update();
		this.manager.createInitialKeys(this.org, SigningAlgorithm.RS256, "test");
	}

	@Test
	void createInitialKeysWhenOrgCreatedThenJwksHoldsActiveAndNextAndOnlyActiveSigns() {
		List<SigningKey> keys = this.manager.keysOf(this.org);
		assertThat(keys).extracting(SigningKey::getState).containsExactly(KeyState.ACTIVE, KeyState.NEXT);
		OrgKeys ring = this.keyRing.keys(this.org);
		assertThat(kids(ring)).containsExactlyInAnyOrder(keys.get(0).getKid(), keys.get(1).getKid());
		assertThat(ring.active().orElseThrow().kid()).isEqualTo(keys.get(0).getKid());
		assertThat(ring.published().getKeys()).allMatch((jwk) -> !jwk.isPrivate());
	}

	@Test
	void rotateWhenNextKeyPublishedTooBrieflyThenRefusedUntilPublishAheadPassed() {
		SigningKey next = state(KeyState.NEXT);
		assertThatExceptionOfType(KeyRotationRefusedException.class)
			.isThrownBy(() -> this.manager.rotate(this.org, "test"))
			.satisfies((ex) -> assertThat(ex.retryAt()).isEqualTo(next.getCreatedAt().plus(Duration.ofHours(1))));
		this.clock.advance(Duration.ofMinutes(59));
		assertThatExceptionOfType(KeyRotationRefusedException.class)
			.isThrownBy(() -> this.manager.rotate(this.org, "test"));
		this.clock.advance(Duration.ofMinutes(1));
		this.manager.rotate(this.org, "test");
		assertThat(this.keyRing.keys(this.org).active().orElseThrow().kid()).isEqualTo(next.getKid());
	}

	@Test
	void rotateWhenNextKeyPublishedLongEnoughThenActivatesAndOldKeyStaysPublishedItsWindow() {
		SigningKey oldActive = state(KeyState.ACTIVE);
		SigningKey next = state(KeyState.NEXT);
		this.clock.advance(Duration.ofHours(1));
		SigningKeyManager.RotationResult result = this.manager.rotate(this.org, "test");
		assertThat(result.activated().getKid()).isEqualTo(next.getKid());
		assertThat(result.retired().getKid()).isEqualTo(oldActive.getKid());
		assertThat(result.retired().getUnpublishAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(70)));
		assertThat(kids(this.keyRing.keys(this.org))).containsExactlyInAnyOrder(oldActive.getKid(), next.getKid(),
				result.next().getKid());
		this.clock.advance(Duration.ofMinutes(69));
		assertThat(kids(this.keyRing.keys(this.org))).contains(oldActive.getKid());
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(kids(this.keyRing.keys(this.org))).as("leaves the JWKS when its window ends")
			.doesNotContain(oldActive.getKid());
		this.scheduler.runOnce();
		assertThat(this.manager.keysOf(this.org)).extracting(SigningKey::getKid)
			.as("deleted by the rotation job")
			.doesNotContain(oldActive.getKid());
	}

	@Test
	void maintainWhenRotationPeriodPassedThenRotatesOnceAndRecordsEvents() {
		SigningKey next = state(KeyState.NEXT);
		this.clock.advance(Duration.ofDays(10).minusSeconds(1));
		this.scheduler.runOnce();
		assertThat(state(KeyState.ACTIVE).getKid()).isNotEqualTo(next.getKid());
		this.clock.advance(Duration.ofSeconds(1));
		this.scheduler.runOnce();
		this.scheduler.runOnce();
		assertThat(state(KeyState.ACTIVE).getKid()).isEqualTo(next.getKid());
		assertThat(this.manager.keysOf(this.org)).filteredOn((key) -> key.getState() == KeyState.RETIRED).hasSize(1);
		assertThat(this.events.latest(this.org, 50)).filteredOn((event) -> event.action().equals("key.activated"))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.actor()).isEqualTo("scheduler");
				assertThat(event.subject()).isEqualTo(next.getKid());
			});
	}

	@Test
	void rotateWhenManyForcedRotationsThenJwksStaysBoundedAndRefusalNamesWhen() {
		// Retired keys stay 6 hours while a NEXT key may activate after 10 minutes:
		// forced rotations
		// outpace retirement, and the bound of 5 keys must hold.
		SigningKeyManager eager = new SigningKeyManager(this.repository, this.sealer, this.keks, this.keyRing,
				this.events, this.jdbc,
				new KeyPolicy(Duration.ofDays(10), Duration.ofMinutes(10), Duration.ofHours(6), 5), this.clock,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), this.maintenanceLock,
				this.transactionManager, this.signingProvider, java.util.Optional.empty());
		int rotations = 0;
		KeyRotationRefusedException refused = null;
		while (refused == null && rotations < 20) {
			this.clock.advance(Duration.ofMinutes(10));
			try {
				eager.rotate(this.org, "test");
				rotations++;
			}
			catch (KeyRotationRefusedException ex) {
				refused = ex;
			}
			assertThat(this.keyRing.keys(this.org).published().size()).isLessThanOrEqualTo(5);
		}
		assertThat(rotations).isEqualTo(3);
		assertThat(refused).isNotNull();
		assertThat(refused.getMessage()).contains("limit of 5");
		assertThat(refused.retryAt()).isEqualTo(this.manager.keysOf(this.org)
			.stream()
			.filter((key) -> key.getState() == KeyState.RETIRED)
			.map(SigningKey::getUnpublishAt)
			.min(java.util.Comparator.naturalOrder())
			.orElseThrow());
		SigningKey active = state(KeyState.ACTIVE);
		eager.revoke(this.org, active.getKid(), "test");
		assertThat(this.keyRing.keys(this.org).active()).as("a revoke always works").isPresent();
		assertThat(this.keyRing.keys(this.org).published().size()).isLessThanOrEqualTo(5);
		this.clock.advance(Duration.between(this.clock.instant(), refused.retryAt()));
		eager.rotate(this.org, "test");
		assertThat(this.keyRing.keys(this.org).published().size()).isLessThanOrEqualTo(5);
	}

	@Test
	void revokeWhenActiveThenLeavesJwksAtOnceAndNextSignsAtOnce() {
		SigningKey active = state(KeyState.ACTIVE);
		SigningKey next = state(KeyState.NEXT);
		this.keyRing.keys(this.org);
		this.manager.revoke(this.org, active.getKid(), "security-team");
		OrgKeys ring = this.keyRing.keys(this.org);
		assertThat(kids(ring)).doesNotContain(active.getKid()).contains(next.getKid());
		assertThat(ring.active().orElseThrow().kid()).isEqualTo(next.getKid());
		assertThat(this.manager.keysOf(this.org)).extracting(SigningKey::getState)
			.containsExactly(KeyState.REVOKED, KeyState.ACTIVE, KeyState.NEXT);
		assertThat(this.jdbc.sql("select length(private_key_ciphertext) from signing_key where kid = ?")
			.param(active.getKid())
			.query(Integer.class)
			.single()).as("private key destroyed").isZero();
	}

	@Test
	void revokeWhenRetiredThenLeavesJwksBeforeItsWindowEnds() {
		SigningKey first = state(KeyState.ACTIVE);
		this.clock.advance(Duration.ofHours(1));
		this.manager.rotate(this.org, "test");
		assertThat(kids(this.keyRing.keys(this.org))).contains(first.getKid());
		this.manager.revoke(this.org, first.getKid(), "security-team");
		assertThat(kids(this.keyRing.keys(this.org))).doesNotContain(first.getKid());
		assertThat(this.keyRing.keys(this.org).active()).isPresent();
	}

	@Test
	void revokeWhenKidUnknownThenFails() {
		assertThatExceptionOfType(UnknownKeyException.class)
			.isThrownBy(() -> this.manager.revoke(this.org, "no-such-kid", "test"));
	}

	@Test
	void createInitialKeysWhenEs256ThenEcKeysPublished() {
		UUID ecOrg = UUID.randomUUID();
		this.jdbc
			.sql("insert into org (id, slug, name, signing_algorithm, created_at) values (?, ?, ?, 'ES256', now())")
			.params(ecOrg, "e" + ecOrg.toString().substring(0, 8), "EC")
			.update();
		this.manager.createInitialKeys(ecOrg, SigningAlgorithm.ES256, "test");
		OrgKeys ring = this.keyRing.keys(ecOrg);
		assertThat(ring.published().getKeys()).extracting((jwk) -> jwk.getKeyType().getValue()).containsOnly("EC");
		assertThat(ring.active().orElseThrow().algorithm()).isEqualTo(SigningAlgorithm.ES256);
	}

	private SigningKey state(KeyState state) {
		return this.manager.keysOf(this.org)
			.stream()
			.filter((key) -> key.getState() == state)
			.findFirst()
			.orElseThrow();
	}

	private static List<String> kids(OrgKeys keys) {
		return keys.published().getKeys().stream().map(JWK::getKeyID).toList();
	}

}
