package dev.sigil.api.machine;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;

import dev.sigil.issuer.credential.MachineIdentity;

/**
 * Token buckets (Bucket4j) per machine and per org, held in bounded Caffeine caches so that buckets
 * of machines that stopped asking are forgotten. A machine's own bucket is asked first: a machine
 * stuck in a loop is refused by it without spending its org's tokens, so the org's other machines
 * keep their share. Limits hold per replica.
 */
final class TokenRateLimits {

	private final RateLimitProperties properties;

	private final MeterRegistry meters;

	private final Cache<UUID, Bucket> machines = Caffeine.newBuilder()
		.maximumSize(1_000_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	private final Cache<UUID, Bucket> orgs = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	TokenRateLimits(RateLimitProperties properties, MeterRegistry meters) {
		this.properties = properties;
		this.meters = meters;
	}

	/** Empty when the machine may ask now; else the seconds until it may ask again. */
	OptionalLong refuse(MachineIdentity machine) {
		if (this.properties.machinePerMinute() > 0) {
			ConsumptionProbe probe = this.machines
				.get(machine.machineId(), (id) -> bucket(this.properties.machinePerMinute(), Duration.ofMinutes(1)))
				.tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
				return refused(machine, "machine", probe);
			}
		}
		if (this.properties.orgPerSecond() > 0) {
			ConsumptionProbe probe = this.orgs
				.get(machine.orgId(), (id) -> bucket(this.properties.orgPerSecond(), Duration.ofSeconds(1)))
				.tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
				return refused(machine, "org", probe);
			}
		}
		return OptionalLong.empty();
	}

	private OptionalLong refused(MachineIdentity machine, String limit, ConsumptionProbe probe) {
		this.meters.counter("sigil.tokens.rate_limited", "org", machine.orgSlug(), "limit", limit).increment();
		long nanos = probe.getNanosToWaitForRefill();
		return OptionalLong.of(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
	}

	private static Bucket bucket(int tokens, Duration period) {
		return Bucket.builder().addLimit((limit) -> limit.capacity(tokens).refillGreedy(tokens, period)).build();
	}

}
