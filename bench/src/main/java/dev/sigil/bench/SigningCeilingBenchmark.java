package dev.sigil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.nimbusds.jose.jwk.JWK;

import dev.sigil.issuer.token.JwtSigner;
import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.crypto.SigningProvider;
import dev.sigil.keystore.ring.ActiveKey;

/**
 * The physical limit of issuance: signatures per second in-process on every core, with
 * the signing code the server uses ({@link JwtSigner}) and a payload the size of a
 * machine token's, once with the JDK's providers and once with the native one (when it
 * loads here; otherwise both lines are the JDK).
 *
 * <pre>java -cp ... dev.sigil.bench.SigningCeilingBenchmark [seconds]</pre>
 */
public final class SigningCeilingBenchmark {

	private SigningCeilingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		SigningProvider nativeProvider = SigningProvider.select(true);
		// When the native library does not load here, the "native" lines measure the JDK
		// fallback and
		// the PROVIDER line says so.
		System.out.println("PROVIDER " + nativeProvider.description());
		for (SigningProvider provider : List.of(SigningProvider.jdk(), nativeProvider)) {
			String label = (provider == nativeProvider) ? "native" : "jdk";
			for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
				System.out.printf(Locale.ROOT, "CEILING %s %s %.0f%n", algorithm, label,
						measure(algorithm, provider, seconds));
			}
		}
	}

	/** Signatures per second on all available cores, after a warm-up. */
	public static double measure(SigningAlgorithm algorithm, SigningProvider provider, int seconds) throws Exception {
		JWK jwk = algorithm.generate(provider);
		JwtSigner signer = JwtSigner.of(ActiveKey.of(jwk.getKeyID(), algorithm, jwk, provider));
		String payload = samplePayload();
		run(signer, payload, 2);
		return run(signer, payload, seconds);
	}

	private static double run(JwtSigner signer, String payload, int seconds) throws InterruptedException {
		int threads = Runtime.getRuntime().availableProcessors();
		AtomicBoolean running = new AtomicBoolean(true);
		LongAdder signatures = new LongAdder();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				while (running.get()) {
					if (signer.sign(payload).isEmpty()) {
						throw new IllegalStateException();
					}
					signatures.increment();
				}
			});
			worker.start();
			workers.add(worker);
		}
		long start = System.nanoTime();
		Thread.sleep(seconds * 1000L);
		running.set(false);
		for (Thread worker : workers) {
			worker.join();
		}
		return signatures.sum() / ((System.nanoTime() - start) / 1e9);
	}

	private static String samplePayload() {
		return "{\"aud\":\"sts.amazonaws.com\",\"exp\":1795651218,\"iat\":1795650618,\"jti\":\"" + UUID.randomUUID()
				+ "\",\"nbf\":1795650618,\"app_id\":\"" + UUID.randomUUID() + "\",\"app_name\":\"web\","
				+ "\"image\":\"registry.example/web:1.0\",\"image_digest\":\"sha256:"
				+ "4f2a9c0e5d1b7a3f8e6c2d0b9a8f7e6d5c4b3a29180f7e6d5c4b3a2918076e5d\",\"iss\":"
				+ "\"https://id.example.com/acme\",\"machine_id\":\"" + UUID.randomUUID()
				+ "\",\"machine_name\":\"web-1\"," + "\"machine_version\":\"1\",\"org_id\":\"" + UUID.randomUUID()
				+ "\",\"org_name\":\"acme\"," + "\"region\":\"fra\",\"sub\":\"acme:web:web-1\"}";
	}

}
