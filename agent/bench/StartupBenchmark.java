import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Measures how quickly the agent writes its first token and how much memory it holds while it runs.
 * A stand-in platform on 127.0.0.1 signs RS256 tokens like the real one; the agent is started through
 * its launcher with {@code serve}, refreshing every second while the benchmark asks its socket for
 * tokens, and its resident memory is read from /proc. JDK only: run with {@code java StartupBenchmark.java}.
 *
 * Arguments: the launcher, and optionally the number of runs (default 5).
 */
public final class StartupBenchmark {

	private static final String CREDENTIAL = "bench-credential-" + UUID.randomUUID();

	private static final long FIRST_TOKEN_TARGET_MS = 1000;

	private static final long RESIDENT_TARGET_KB = 64 * 1024;

	private final KeyPair key;

	private StartupBenchmark() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		this.key = generator.generateKeyPair();
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 1) {
			System.err.println("usage: java StartupBenchmark.java <path to sigil-agent launcher> [runs]");
			System.exit(2);
		}
		Path launcher = Path.of(args[0]).toAbsolutePath();
		int runs = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		StartupBenchmark benchmark = new StartupBenchmark();
		HttpServer platform = benchmark.platform();
		try {
			System.exit(benchmark.measure(launcher, runs, "http://127.0.0.1:" + platform.getAddress().getPort()));
		}
		finally {
			platform.stop(0);
		}
	}

	private int measure(Path launcher, int runs, String platformUrl) throws Exception {
		List<Result> results = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			Result result = once(launcher, platformUrl);
			results.add(result);
			System.out.printf("run %d: first token written after %d ms, socket ready after %d ms, VmRSS %.1f MB, VmHWM %.1f MB%n",
					run, result.firstTokenMs, result.socketMs, result.rssKb / 1024.0, result.hwmKb / 1024.0);
		}
		Result median = median(results);
		System.out.printf("median of %d: first token %d ms, socket %d ms, VmRSS %.1f MB, VmHWM %.1f MB%n", runs,
				median.firstTokenMs, median.socketMs, median.rssKb / 1024.0, median.hwmKb / 1024.0);
		boolean met = median.firstTokenMs < FIRST_TOKEN_TARGET_MS && median.hwmKb < RESIDENT_TARGET_KB;
		System.out.println("targets: first token under " + FIRST_TOKEN_TARGET_MS + " ms, resident under "
				+ (RESIDENT_TARGET_KB / 1024) + " MB: " + (met ? "met" : "MISSED"));
		return met ? 0 : 1;
	}

	private Result once(Path launcher, String platformUrl) throws Exception {
		Path dir = Files.createTempDirectory("sigil-agent-bench");
		Path tokenFile = dir.resolve("oidc_token");
		Path socket = dir.resolve("api");
		ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "serve")
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(dir.resolve("agent.log").toFile());
		Map<String, String> env = builder.environment();
		env.put("SIGIL_URL", platformUrl);
		env.put("SIGIL_MACHINE_CREDENTIAL", CREDENTIAL);
		env.put("SIGIL_TOKEN_FILE", tokenFile.toString());
		env.put("SIGIL_SOCKET", socket.toString());
		env.put("SIGIL_REFRESH_INTERVAL", "1s");
		env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
		long start = System.nanoTime();
		Process agent = builder.start();
		try {
			long firstToken = awaitFile(agent, tokenFile, start);
			long socketReady = awaitFile(agent, socket, start);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
			while (System.nanoTime() < deadline) {
				askSocket(socket);
				Thread.sleep(50);
			}
			Map<String, Long> memory = memory(agent.pid());
			return new Result(firstToken, socketReady, memory.get("VmRSS"), memory.get("VmHWM"));
		}
		finally {
			agent.destroy();
			if (!agent.waitFor(10, TimeUnit.SECONDS)) {
				agent.destroyForcibly();
			}
			try (var files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private static long awaitFile(Process agent, Path file, long start) throws Exception {
		long deadline = start + TimeUnit.SECONDS.toNanos(30);
		while (!Files.exists(file)) {
			if (!agent.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException("the agent did not write " + file + "; see its log");
			}
			Thread.sleep(1);
		}
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	private static void askSocket(Path socket) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			String body = "{\"aud\":\"bench\"}";
			String request = "POST /v1/tokens/oidc HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
					+ "\r\n\r\n" + body;
			channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
			String response = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.US_ASCII);
			if (!response.startsWith("HTTP/1.1 200")) {
				throw new IllegalStateException("the socket answered " + response.lines().findFirst().orElse(""));
			}
		}
	}

	private static Map<String, Long> memory(long pid) throws IOException {
		Map<String, Long> kilobytes = new java.util.HashMap<>();
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
				String[] parts = line.split("\\s+");
				kilobytes.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]));
			}
		}
		return kilobytes;
	}

	private static Result median(List<Result> results) {
		List<Long> first = sorted(results.stream().map((r) -> r.firstTokenMs).toList());
		List<Long> socket = sorted(results.stream().map((r) -> r.socketMs).toList());
		List<Long> rss = sorted(results.stream().map((r) -> r.rssKb).toList());
		List<Long> hwm = sorted(results.stream().map((r) -> r.hwmKb).toList());
		int middle = results.size() / 2;
		return new Result(first.get(middle), socket.get(middle), rss.get(middle), hwm.get(middle));
	}

	private static List<Long> sorted(List<Long> values) {
		List<Long> copy = new ArrayList<>(values);
		Collections.sort(copy);
		return copy;
	}

	private HttpServer platform() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		server.createContext("/v1/tokens/oidc", this::issue);
		server.start();
		return server;
	}

	private void issue(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			boolean authorized = ("Bearer " + CREDENTIAL).equals(exchange.getRequestHeaders().getFirst("Authorization"));
			byte[] answer = (authorized ? token(body.contains("\"aud\"") ? "bench" : null) : "").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/plain");
			exchange.getResponseHeaders().add("Cache-Control", "no-store");
			exchange.sendResponseHeaders(authorized ? 200 : 401, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

	private String token(String audience) throws Exception {
		long now = Instant.now().getEpochSecond();
		String issuer = "http://127.0.0.1/bench";
		String header = "{\"alg\":\"RS256\",\"kid\":\"bench\",\"typ\":\"JWT\"}";
		String claims = "{\"aud\":\"" + ((audience != null) ? audience : issuer) + "\",\"exp\":" + (now + 600)
				+ ",\"iat\":" + now + ",\"iss\":\"" + issuer + "\",\"jti\":\"" + UUID.randomUUID()
				+ "\",\"machine_name\":\"bench-1\",\"nbf\":" + now + ",\"sub\":\"bench:app:bench-1\"}";
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String signingInput = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(this.key.getPrivate());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + base64.encodeToString(signature.sign());
	}

	private record Result(long firstTokenMs, long socketMs, long rssKb, long hwmKb) {
	}

}
