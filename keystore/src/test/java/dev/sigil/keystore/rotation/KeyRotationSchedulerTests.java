package dev.sigil.keystore.rotation;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.db.test.TestClock;
import dev.sigil.keystore.KeyPolicy;
import dev.sigil.keystore.KeyProperties;
import dev.sigil.keystore.KeystoreTestApplication;
import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.SigningKeyRepository;
import dev.sigil.keystore.crypto.KeyEncryptionKeys;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.ring.KeyRing;
import dev.sigil.keystore.ring.TestKeyRing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rotation job never dies silently: failures are counted, logged, and turn readiness
 * DOWN.
 */
@SpringBootTest(classes = KeystoreTestApplication.class,
		properties = "sigil.kek=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
class KeyRotationSchedulerTests {

	@Autowired
	private SigningKeyRepository repository;

	@Autowired
	private PrivateKeySealer sealer;

	@Autowired
	private KeyEncryptionKeys keks;

	@Autowired
	private org.springframework.context.ApplicationContext context;

	/**
	 * A ring of the test's own: the context's ring also holds other tests' orgs (keys of
	 * a token, keys sealed under another KEK), which would make the health this test
	 * reads depend on which tests ran before.
	 */
	private KeyRing keyRing;

	@org.junit.jupiter.api.BeforeEach
	void ownRing() {
		this.keyRing = TestKeyRing.sealedWith(this.context, this.sealer);
	}

	@Autowired
	private AdminEvents events;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MaintenanceLock maintenanceLock;

	@Autowired
	private org.springframework.transaction.PlatformTransactionManager transactionManager;

	@Autowired
	private KeyPolicy policy;

	@Autowired
	private dev.sigil.keystore.crypto.SigningProvider signingProvider;

	@Test
	void runOnceWhenMaintenanceFailsRepeatedlyThenKeepsGoingCountsAndTurnsHealthDown() {
		TestClock clock = TestClock.frozenAt(Instant.now());
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		FailingManager manager = new FailingManager(this, clock, meters);
		java.util.UUID org = java.util.UUID.randomUUID();
		this.jdbc
			.sql("insert into org (id, slug, name, signing_algorithm, created_at) values (?, ?, ?, 'RS256', now())")
			.params(org, "s" + org.toString().substring(0, 8), "Scheduler")
			.update();
		manager.createInitialKeys(org, SigningAlgorithm.RS256, "test");
		KeyProperties properties = new KeyProperties(Duration.ofDays(10), Duration.ofHours(1), Duration.ofHours(1), 5,
				Duration.ofMinutes(1), 3);
		KeyRotationScheduler scheduler = new KeyRotationScheduler(manager, this.keyRing, properties, this.repository,
				clock, meters);
		SigningKeysHealthIndicator health = new SigningKeysHealthIndicator(this.keyRing, scheduler);
		manager.failing = true;
		scheduler.runOnce();
		scheduler.runOnce();
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		scheduler.runOnce();
		assertThat(scheduler.consecutiveFailures()).isEqualTo(3);
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(meters.counter("sigil.keys.maintenance.failures").count()).isEqualTo(3);
		manager.failing = false;
		scheduler.runOnce();
		assertThat(scheduler.consecutiveFailures()).isZero();
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(meters.find("sigil.keys.active.age").gauges()).isNotEmpty();
	}

	private static final class FailingManager extends SigningKeyManager {

		volatile boolean failing;

		FailingManager(KeyRotationSchedulerTests test, TestClock clock, SimpleMeterRegistry meters) {
			super(test.repository, test.sealer, test.keks, test.keyRing, test.events, test.jdbc, test.policy, clock,
					meters, test.maintenanceLock, test.transactionManager, test.signingProvider,
					java.util.Optional.empty());
		}

		@Override
		public boolean maintain(String actor) {
			if (this.failing) {
				throw new DataAccessResourceFailureException("database unreachable");
			}
			return super.maintain(actor);
		}

	}

}
