package dev.sigil.api.machine;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.micrometer.core.instrument.MeterRegistry;

import dev.sigil.issuer.credential.MachineIdentity;

/**
 * Token buckets (Bucket4j) per machine and per org, held in bounded Caffeine caches so
 * that buckets of machines that stopped asking are forgotten. A machine's own bucket is
 * asked first: a machine stuck in a loop is refused by it without spending its org's
 * tokens, so the org's other machines keep their share. Limits hold per replica.
 */
final class TokenRateLimits {

	/**
	 * Failed credential checks an address may make a second (its bucket holds as many).
	 */
	static final int FAILURES_PER_SECOND = 20;

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

	/** Failed credential checks per client address: each can cost a database query. */
	private final Cache<String, Bucket> failures = Caffeine.newBuilder()
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

	/**
	 * Empty while the address may still present credentials; else the seconds until it
	 * may. An address whose credentials keep failing (a flood of made-up ones) is refused
	 * before any of them is looked up. The limit is always on, whatever the other
	 * settings.
	 */
	OptionalLong refuseAfterFailures(String clientAddress) {
		Bucket bucket = this.failures.getIfPresent(String.valueOf(clientAddress));
		if (bucket == null) {
			return OptionalLong.empty();
		}
		EstimationProbe probe = bucket.estimateAbilityToConsume(1);
		if (probe.canBeConsumed()) {
			return OptionalLong.empty();
		}
		this.meters.counter("sigil.tokens.refused_addresses").increment();
		return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
	}

	/** Counts a failed credential check of the address. */
	void failed(String clientAddress) {
		this.failures
			.get(String.valueOf(clientAddress), (address) -> bucket(FAILURES_PER_SECOND, Duration.ofSeconds(1)))
			.tryConsume(1);
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
