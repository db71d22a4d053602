package dev.sigil.agent.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The packaged agent run as a real process through its launcher
 * ({@code target/sigil-agent}), with exactly the environment a test gives it, its output
 * in files that tests poll.
 */
public final class AgentProcess implements AutoCloseable {

	/** Generous: the machine that runs the tests may be loaded. */
	public static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final Path LAUNCHER = Path.of(System.getProperty("basedir", "."), "target", "sigil-agent")
		.toAbsolutePath();

	private final Process process;

	private final Path stdout;

	private final Path stderr;

	private AgentProcess(Process process, Path stdout, Path stderr) {
		this.process = process;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	/**
	 * The environment of an agent that holds {@code credential} and keeps its files in
	 * {@code dir}.
	 */
	public static Map<String, String> environment(FakePlatform platform, String credential, Path dir) {
		Map<String, String> environment = new HashMap<>();
		environment.put("SIGIL_URL", platform.url());
		environment.put("SIGIL_MACHINE_CREDENTIAL", credential);
		environment.put("SIGIL_TOKEN_FILE", tokenFile(dir).toString());
		environment.put("SIGIL_SOCKET", socket(dir).toString());
		return environment;
	}

	/**
	 * The environment of an agent that holds no credential but exchanges the token in
	 * {@code subjectTokenFile} through the platform's trust policy, and keeps its files
	 * in {@code dir}.
	 */
	public static Map<String, String> exchangeEnvironment(FakePlatform platform, Path subjectTokenFile, Path dir) {
		Map<String, String> environment = new HashMap<>();
		environment.put("SIGIL_URL", platform.url());
		environment.put("SIGIL_SUBJECT_TOKEN_FILE", subjectTokenFile.toString());
		environment.put("SIGIL_TRUST_POLICY", FakePlatform.TRUST_POLICY);
		environment.put("SIGIL_ORG", FakePlatform.ORG);
		environment.put("SIGIL_TOKEN_FILE", tokenFile(dir).toString());
		environment.put("SIGIL_SOCKET", socket(dir).toString());
		return environment;
	}

	/** A copy of the environment with one more variable. */
	public static Map<String, String> with(Map<String, String> environment, String name, String value) {
		Map<String, String> copy = new HashMap<>(environment);
		copy.put(name, value);
		return copy;
	}

	public static Path tokenFile(Path dir) {
		return dir.resolve("sigil").resolve("oidc_token");
	}

	public static Path socket(Path dir) {
		return dir.resolve("sigil").resolve("api");
	}

	/**
	 * Starts {@code sigil-agent args...} in {@code dir}, with PATH, HOME and JAVA_HOME
	 * besides the given environment.
	 */
	public static AgentProcess start(Path dir, Map<String, String> environment, String... args) throws IOException {
		assertThat(LAUNCHER).as("the launcher the build makes").isExecutable();
		List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
		command.addAll(List.of(args));
		String name = "agent-" + System.nanoTime();
		Path stdout = dir.resolve(name + ".out");
		Path stderr = dir.resolve(name + ".err");
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Map<String, String> env = builder.environment();
		env.clear();
		env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
		env.put("HOME", dir.toString());
		env.put("JAVA_HOME", System.getProperty("java.home"));
		env.putAll(environment);
		return new AgentProcess(builder.start(), stdout, stderr);
	}

	/** Runs {@code sigil-agent args...} to its end. */
	public static AgentProcess run(Path dir, Map<String, String> environment, String... args)
			throws IOException, InterruptedException {
		AgentProcess agent = start(dir, environment, args);
		try {
			agent.awaitExit();
		}
		catch (AssertionError ex) {
			agent.close();
			throw ex;
		}
		return agent;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Sends the agent a signal by name, as a process manager would. */
	public void signal(String name) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -s " + name).isZero();
	}

	/** Waits for the agent to exit and returns its status. */
	public int awaitExit() throws InterruptedException {
		if (!this.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
			fail("the agent did not exit within " + PATIENCE + "; its log:%n%s", stderr());
		}
		return this.process.exitValue();
	}

	public int exitValue() {
		return this.process.exitValue();
	}

	/** Polls a condition every 20 ms until it holds, for at most {@link #PATIENCE}. */
	public static ConditionFactory patiently() {
		return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20));
	}

	/** Waits until the file exists, failing early if the agent exits. */
	public void awaitFile(Path file) {
		patiently().until(() -> {
			if (!this.process.isAlive() && !Files.exists(file)) {
				fail("the agent exited with %d before %s existed; its log:%n%s", this.process.exitValue(), file,
						stderr());
			}
			return Files.exists(file);
		});
	}

	/**
	 * Waits until the agent's standard output (its child's, under run) contains the text.
	 */
	public void awaitStdout(String text) {
		patiently().until(() -> stdout().contains(text));
	}

	/** Waits until the agent's log contains the text. */
	public void awaitStderr(String text) {
		patiently().until(() -> stderr().contains(text));
	}

	public String stdout() {
		return read(this.stdout);
	}

	public String stderr() {
		return read(this.stderr);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			// A child left behind by a failed test must not outlive it.
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
			this.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		}
	}

}
