package dev.sigil.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image recipes ({@code Dockerfile}, {@code agent.Dockerfile},
 * {@code .dockerignore}), read as Docker reads them: no Docker engine is needed. The
 * chart relies on what they promise: a non-root numeric user, the server's ports, the
 * agent's launcher.
 */
class ImageRecipeTests {

	private static final Path REPOSITORY = Path.of(System.getProperty("sigil.repository", "../.."))
		.toAbsolutePath()
		.normalize();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void serverDockerfileWhenReadThenBuildsWithMavenAndRunsTheExtractedLayersOnAJre() throws IOException {
		List<String> instructions = instructions("Dockerfile");

		assertThat(instructions).anyMatch((line) -> line.startsWith("FROM maven:3.9-eclipse-temurin-"));
		assertThat(instructions).anyMatch(
				(line) -> line.contains("java -Djarmode=tools -jar sigil-server.jar extract --layers --launcher"));
		List<String> runtime = lastStage(instructions);
		assertThat(runtime.get(0)).isEqualTo("FROM jre-${TARGETARCH}");
		// The JRE stage of each platform: C1 alone where the native crypto provider signs
		// (x86-64), C2
		// where the JDK's RSA does, which needs C2's BigInteger intrinsics.
		assertThat(instructions).contains("FROM eclipse-temurin:${JAVA_VERSION}-jre AS jre-amd64",
				"ENV SIGIL_COMPILER=\"-XX:TieredStopAtLevel=1\"",
				"FROM eclipse-temurin:${JAVA_VERSION}-jre AS jre-arm64",
				"ENV SIGIL_COMPILER=\"-XX:CICompilerCount=2\"");
		assertThat(runtime)
			.anyMatch((line) -> line.startsWith("ENV JAVA_TOOL_OPTIONS=") && line.contains("${SIGIL_COMPILER}"));
		assertThat(runtime).filteredOn((line) -> line.startsWith("COPY --from="))
			.extracting((line) -> line.replaceAll(".*/layers/([a-z-]+)/.*", "$1"))
			.containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
		assertThat(execForm(runtime, "ENTRYPOINT")).containsExactly("java",
				"org.springframework.boot.loader.launch.JarLauncher");
	}

	@Test
	void serverDockerfileWhenReadThenRunsAsTheNonRootUserThePodsExpect() throws IOException {
		List<String> runtime = lastStage(instructions("Dockerfile"));

		assertThat(runtime).contains("USER 10001:10001");
	}

	@Test
	void serverDockerfileWhenReadThenExposesAndSetsTheFourPortsTheChartDefaultsTo() throws IOException {
		List<String> runtime = lastStage(instructions("Dockerfile"));
		Map<String, Object> values = new Yaml().load(Files.readString(SigilChart.directory().resolve("values.yaml")));
		@SuppressWarnings("unchecked")
		Map<String, Integer> ports = (Map<String, Integer>) values.get("ports");

		assertThat(runtime).contains("EXPOSE %d %d %d %d".formatted(ports.get("public"), ports.get("internal"),
				ports.get("admin"), ports.get("management")));
		String env = runtime.stream().filter((line) -> line.startsWith("ENV ")).collect(Collectors.joining(" "));
		assertThat(env).contains("SIGIL_PUBLIC_PORT=" + ports.get("public"))
			.contains("SIGIL_INTERNAL_PORT=" + ports.get("internal"))
			.contains("SIGIL_ADMIN_PORT=" + ports.get("admin"))
			.contains("MANAGEMENT_SERVER_PORT=" + ports.get("management"));
	}

	@Test
	void serverDockerfileWhenReadThenChecksReadinessOnTheManagementPort() throws IOException {
		List<String> runtime = lastStage(instructions("Dockerfile"));

		List<String> check = execForm(runtime, "HEALTHCHECK");
		assertThat(check.get(0)).as("an exec form Docker can parse, not a shell-form fallback").isEqualTo("bash");
		assertThat(String.join(" ", check)).contains("${MANAGEMENT_SERVER_PORT:-9090}")
			.contains("/actuator/health/readiness")
			.contains(" 200");
	}

	@Test
	void agentDockerfileWhenReadThenRunsTheLauncherBesideTheJarAsNonRoot() throws IOException {
		List<String> instructions = instructions("agent.Dockerfile");

		assertThat(instructions).anyMatch((line) -> line.contains("mvn -B -q -DskipTests -f agent/pom.xml package"));
		List<String> runtime = lastStage(instructions);
		assertThat(runtime.get(0)).startsWith("FROM eclipse-temurin:").endsWith("-jre");
		assertThat(runtime).anyMatch((line) -> line.endsWith("/agent/target/sigil-agent /opt/sigil-agent/sigil-agent"))
			.anyMatch((line) -> line.endsWith("/agent/target/sigil-agent.jar /opt/sigil-agent/sigil-agent.jar"))
			.contains("USER 10001:10001");
		assertThat(execForm(runtime, "ENTRYPOINT")).containsExactly("/opt/sigil-agent/sigil-agent");
		assertThat(execForm(runtime, "CMD")).containsExactly("serve");
	}

	@Test
	void dockerignoreWhenReadThenKeepsBuildOutputAndHistoryOutOfTheContext() throws IOException {
		List<String> patterns = Files.readAllLines(REPOSITORY.resolve(".dockerignore"));

		assertThat(patterns).contains(".git", "**/target", "helm");
		assertThat(patterns).noneMatch((pattern) -> pattern.equals("*/src") || pattern.equals("pom.xml"));
	}

	@Test
	void buildContextWhenFilteredByDockerignoreThenMavenBuildsBothImagesJars(@TempDir Path context) throws Exception {
		DockerIgnore ignore = DockerIgnore.read(REPOSITORY.resolve(".dockerignore"));
		assertThat(ignore.excludes(Path.of("helm"))).isTrue();
		assertThat(ignore.excludes(Path.of("server", "target"))).isTrue();
		assertThat(ignore.excludes(Path.of("server", "src"))).isFalse();
		// A developer's KEK (development mode) and agent tokens stay out of the build
		// context, and so out of the build stage's layers and cache.
		assertThat(ignore.excludes(Path.of(".sigil-dev"))).isTrue();
		assertThat(ignore.excludes(Path.of("server", ".sigil-dev"))).isTrue();
		assertThat(ignore.excludes(Path.of(".sigil"))).isTrue();
		ignore.copyContext(REPOSITORY, context);
		assertThat(context.resolve("helm")).doesNotExist();
		assertThat(context.resolve("pom.xml")).exists();

		// The commands of the two Dockerfiles, offline: this build has already fetched
		// what they need.
		assertThat(maven(context, "-B", "-q", "-o", "-DskipTests", "-pl", "server", "-am", "package")).isZero();
		assertThat(context.resolve("server/target/sigil-server.jar")).exists();
		assertThat(maven(context, "-B", "-q", "-o", "-DskipTests", "-f", "agent/pom.xml", "package")).isZero();
		assertThat(context.resolve("agent/target/sigil-agent.jar")).exists();
	}

	private static int maven(Path directory, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(System.getenv().getOrDefault("SIGIL_MVN", "mvn"));
		command.addAll(List.of(arguments));
		Path log = Files.createTempFile("sigil-context-build", ".log");
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("Maven did not finish in 10 minutes: " + command);
		}
		if (process.exitValue() != 0) {
			System.out.println(Files.readString(log));
		}
		return process.exitValue();
	}

	/**
	 * The instructions of a Dockerfile, continuation lines joined, comments and blank
	 * lines left out.
	 */
	private static List<String> instructions(String file) throws IOException {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : Files.readAllLines(REPOSITORY.resolve(file))) {
			String stripped = line.strip();
			if (current.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
				continue;
			}
			if (stripped.endsWith("\\")) {
				current.append(stripped, 0, stripped.length() - 1).append(' ');
				continue;
			}
			current.append(stripped);
			instructions.add(current.toString().replaceAll("\\s+", " "));
			current.setLength(0);
		}
		return instructions;
	}

	private static List<String> lastStage(List<String> instructions) {
		int from = -1;
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).startsWith("FROM ")) {
				from = i;
			}
		}
		return instructions.subList(from, instructions.size());
	}

	/**
	 * The JSON array of an exec-form instruction ({@code ENTRYPOINT}, {@code CMD},
	 * {@code HEALTHCHECK ... CMD}).
	 */
	private static List<String> execForm(List<String> stage, String instruction) {
		String line = stage.stream()
			.filter((candidate) -> candidate.startsWith(instruction + " "))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("No " + instruction + " in " + stage));
		String json = line.substring(line.indexOf('['));
		return JSON.readValue(json, new TypeReference<List<String>>() {
		});
	}

}
