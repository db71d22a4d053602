package dev.sigil.keystore.rotation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.sigil.keystore.KeyProperties;
import dev.sigil.keystore.KeyState;
import dev.sigil.keystore.SigningKeyRepository;
import dev.sigil.keystore.ring.KeyRing;

/**
 * Decides when key work happens: every check interval it asks {@link SigningKeyManager}
 * to maintain the keys (only the replica holding the lock does it). Other replicas'
 * changes reach this one through the change feed, on its own thread, never behind this
 * job. A failing run is logged and counted, and the job goes on; past the threshold of
 * consecutive failures readiness turns DOWN.
 */
public final class KeyRotationScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(KeyRotationScheduler.class);

	static final String ACTOR = "scheduler";

	private final SigningKeyManager manager;

	private final KeyRing keyRing;

	private final KeyProperties properties;

	private final SigningKeyRepository repository;

	private final Clock clock;

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	private final Counter runs;

	private final Counter failures;

	private final MultiGauge keyAge;

	private volatile ScheduledExecutorService executor;

	public KeyRotationScheduler(SigningKeyManager manager, KeyRing keyRing, KeyProperties properties,
			SigningKeyRepository repository, Clock clock, MeterRegistry meters) {
		this.manager = manager;
		this.keyRing = keyRing;
		this.properties = properties;
		this.repository = repository;
		this.clock = clock;
		this.runs = meters.counter("sigil.keys.maintenance.runs");
		this.failures = meters.counter("sigil.keys.maintenance.failures");
		this.keyAge = MultiGauge.builder("sigil.keys.active.age")
			.description("Seconds since each org's active key began to sign")
			.baseUnit("seconds")
			.register(meters);
	}

	/** One maintenance run; never throws. */
	public void runOnce() {
		try {
			if (this.manager.maintain(ACTOR)) {
				this.runs.increment();
			}
			this.keyRing.reverify();
			this.consecutiveFailures.set(0);
			recordKeyAges();
		}
		catch (RuntimeException ex) {
			int failed = this.consecutiveFailures.incrementAndGet();
			this.failures.increment();
			logger.error("Key maintenance failed ({} in a row): {}", failed, ex.getMessage(), ex);
		}
	}

	public int consecutiveFailures() {
		return this.consecutiveFailures.get();
	}

	public boolean healthy() {
		return this.consecutiveFailures.get() < this.properties.failureThreshold();
	}

	private void recordKeyAges() {
		long now = this.clock.millis();
		List<MultiGauge.Row<?>> rows = this.repository.findByState(KeyState.ACTIVE)
			.stream().<MultiGauge
					.Row<?>>map(
							(key) -> MultiGauge.Row.of(Tags.of("org_id", key.getOrgId().toString()),
									Duration.ofMillis(now - key.getActivatedAt().toEpochMilli()).toSeconds()))
			.toList();
		this.keyAge.register(rows, true);
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "sigil-keys");
			thread.setDaemon(true);
			return thread;
		});
		try {
			this.keyRing.warmUp();
		}
		catch (RuntimeException ex) {
			logger.error("Could not load signing keys at start-up: {}", ex.getMessage());
		}
		scheduler.scheduleWithFixedDelay(this::runOnce, 0, this.properties.checkInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		this.executor = scheduler;
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.executor;
		this.executor = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
