package dev.sigil.keystore;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.sigil.changefeed.ChangeFeedConfiguration;
import dev.sigil.db.event.AdminEvents;
import dev.sigil.db.test.TestClock;

/**
 * The keystore alone on a real PostgreSQL with the real migrations, a clock the tests
 * move, and a short lifecycle: rotate every 10 days, publish NEXT 1 hour ahead, keep
 * RETIRED 1h10m (a 10 minute token plus 1 hour of JWKS caching), at most 5 keys.
 */
@SpringBootApplication(
		scanBasePackageClasses = { KeystoreTestApplication.class, AdminEvents.class, ChangeFeedConfiguration.class })
public class KeystoreTestApplication {

	static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

	@Bean
	@Primary
	TestClock mutableClock() {
		return TestClock.frozenAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	KeyPolicy keyPolicy(KeyProperties properties) {
		return KeyPolicy.of(properties, TOKEN_LIFETIME, Duration.ofMinutes(5));
	}

}
