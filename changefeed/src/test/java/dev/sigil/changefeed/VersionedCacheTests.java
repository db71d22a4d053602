package dev.sigil.changefeed;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A load that read the database before an invalidation never keeps what it read. */
class VersionedCacheTests {

	private final VersionedCache<String, String> cache = new VersionedCache<>(100, Duration.ofMinutes(5));

	@Test
	void getWhenLoadedThenHeldUntilInvalidated() {
		AtomicInteger loads = new AtomicInteger();
		assertThat(this.cache.get("k", (key) -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(this.cache.get("k", (key) -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		this.cache.invalidate("k");
		assertThat(this.cache.get("k", (key) -> "v" + loads.incrementAndGet())).isEqualTo("v2");
	}

	@Test
	void getWhenInvalidatedWhileLoadingThenTheStaleLoadIsNotKept() throws Exception {
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch revoked = new CountDownLatch(1);
		CompletableFuture<String> staleLoad = CompletableFuture.supplyAsync(() -> this.cache.get("machine", (key) -> {
			reading.countDown();
			await(revoked);
			return "live (read before the revocation committed)";
		}));
		assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
		this.cache.invalidate("machine");
		revoked.countDown();
		staleLoad.get(5, TimeUnit.SECONDS);
		assertThat(this.cache.getIfPresent("machine")).as("what the stale load read").isNull();
		assertThat(this.cache.get("machine", (key) -> "revoked")).isEqualTo("revoked");
	}

	@Test
	void getWhenASweepRanWhileLoadingThenTheStaleLoadIsNotKept() throws Exception {
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch swept = new CountDownLatch(1);
		CompletableFuture<String> staleLoad = CompletableFuture
			.supplyAsync(() -> this.cache.get("credential", (key) -> {
				reading.countDown();
				await(swept);
				return "org-a/web-1";
			}));
		assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
		this.cache.invalidateIf((value) -> value.startsWith("org-a/"));
		swept.countDown();
		staleLoad.get(5, TimeUnit.SECONDS);
		assertThat(this.cache.getIfPresent("credential")).isNull();
	}

	@Test
	void getWhenLoaderFindsNothingThenNothingIsHeld() {
		assertThat(this.cache.get("unknown", (key) -> null)).isNull();
		assertThat(this.cache.estimatedSize()).isZero();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
