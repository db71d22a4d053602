package dev.sigil.keystore.rotation;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.sigil.keystore.ring.KeyRing;

/**
 * DOWN while any org's active key cannot be decrypted (a wrong or missing KEK): such a
 * replica must not take token traffic. The detail names the org and kid, never key
 * material.
 */
public final class SigningKeysHealthIndicator implements HealthIndicator {

	private final KeyRing keyRing;

	private final KeyRotationScheduler scheduler;

	/** Public for {@code KeystoreConfiguration}, which registers it. */
	public SigningKeysHealthIndicator(KeyRing keyRing, KeyRotationScheduler scheduler) {
		this.keyRing = keyRing;
		this.scheduler = scheduler;
	}

	@Override
	public Health health() {
		Map<UUID, String> unavailable = this.keyRing.unavailable();
		if (!unavailable.isEmpty()) {
			return Health.down().withDetail("unusableKeys", unavailable.values()).build();
		}
		if (!this.scheduler.healthy()) {
			return Health.down().withDetail("maintenanceFailuresInARow", this.scheduler.consecutiveFailures()).build();
		}
		return Health.up().build();
	}

}
