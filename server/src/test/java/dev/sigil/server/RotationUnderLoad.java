package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.SignedJWT;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A machine asking for tokens without pause, one thread per server given, each token
 * handed to a relying party that caches the JWKS, while an admin rotates the org's keys
 * as soon as each rotation is allowed.
 */
final class RotationUnderLoad {

	private RotationUnderLoad() {
	}

	/**
	 * What the relying party saw.
	 *
	 * @param verified tokens it accepted
	 * @param failures every refused answer or token, with the reason
	 * @param kids the keys that signed the accepted tokens
	 */
	record Outcome(int verified, List<String> failures, Set<String> kids) {
	}

	static Outcome run(TestMachine machine, CachingRelyingParty relyingParty, List<TestPorts> issuingFrom,
			SigilClient admin, int rotations, Duration pause) throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger verified = new AtomicInteger();
		List<String> failures = new CopyOnWriteArrayList<>();
		Set<String> kids = ConcurrentHashMap.newKeySet();
		ExecutorService issuers = Executors.newFixedThreadPool(issuingFrom.size());
		List<Future<?>> loops = new ArrayList<>();
		for (TestPorts ports : issuingFrom) {
			loops.add(issuers.submit(() -> {
				SigilClient own = new SigilClient(ports);
				while (running.get()) {
					HttpResponse<String> response = own.token(machine.credential(), "{\"aud\":\"sts.amazonaws.com\"}");
					if (response.statusCode() != 200) {
						failures.add("HTTP " + response.statusCode() + " " + response.body());
						continue;
					}
					try {
						relyingParty.verify(response.body());
						kids.add(SignedJWT.parse(response.body()).getHeader().getKeyID());
						verified.incrementAndGet();
					}
					catch (Exception ex) {
						failures.add(ex.getMessage());
					}
				}
			}));
		}
		try {
			for (int rotation = 0; rotation < rotations; rotation++) {
				rotateWhenAllowed(admin, machine.org());
				Thread.sleep(pause.toMillis());
			}
			// Go on issuing until a token signed by the last rotation's key has come
			// back (or 30 s have passed: the caller's count of keys then says what is
			// missing).
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (kids.size() < rotations + 1 && failures.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
		}
		finally {
			running.set(false);
			for (Future<?> loop : loops) {
				loop.get();
			}
			issuers.shutdown();
		}
		return new Outcome(verified.get(), failures, kids);
	}

	/** Rotates the org's keys, waiting out each 409 until the time it names. */
	static void rotateWhenAllowed(SigilClient admin, String org) throws InterruptedException {
		for (int attempt = 0; attempt < 50; attempt++) {
			HttpResponse<String> response = admin.admin("POST", "/api/v1/orgs/" + org + "/keys/rotate", null);
			if (response.statusCode() == 200) {
				return;
			}
			assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
			Instant retryAt = Instant.parse(SigilClient.parse(response.body()).get("retry_at").asString());
			Thread.sleep(Math.max(50, Duration.between(Instant.now(), retryAt).toMillis() + 20));
		}
		throw new AssertionError("rotation never allowed");
	}

}
