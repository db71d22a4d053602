package dev.sigil.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the chart's README tells an operator to do works with the chart: the images it
 * builds are the ones the chart runs, its {@code verify-full} example gives the JDBC URL
 * the chart really builds, and the agent's README calls the release where the chart's
 * README installs it.
 */
class ReadmeTests {

	private static final Path REPOSITORY = Path.of(System.getProperty("sigil.repository", "../.."))
		.toAbsolutePath()
		.normalize();

	@Test
	void readmeWhenReadThenOpensWithOneParagraphAndThenBuildsAndPushesBothImages() throws IOException {
		String readme = readme();
		String[] sections = readme.split("\n## ");

		assertThat(sections[0].strip().split("\n\n")).as("the title and one paragraph").hasSize(2);
		assertThat(sections[1]).startsWith("Build and push the images\n")
			.contains("docker build -t \"$REGISTRY/sigil-server:$TAG\" .")
			.contains("docker build -f agent.Dockerfile -t \"$REGISTRY/sigil-agent:$TAG\" .")
			.contains("docker push \"$REGISTRY/sigil-server:$TAG\"")
			.contains("docker push \"$REGISTRY/sigil-agent:$TAG\"")
			.contains("--set image.repository=\"$REGISTRY/sigil-server\"");
		assertThat(REPOSITORY.resolve("Dockerfile")).exists();
		assertThat(REPOSITORY.resolve("agent.Dockerfile")).exists();
	}

	@Test
	void readmeWhenVerifyFullExampleFollowedThenTheChartBuildsTheUrlItShows() throws IOException {
		String readme = readme();
		Manifests manifests = SigilChart.withRequiredValues()
			.set("postgresql.host", "postgres.databases.svc")
			.set("postgresql.sslmode", "verify-full")
			.set("postgresql.tls.caSecret", "sigil-db-ca")
			.render();

		String url = manifests.get(ConfigMap.class, "sigil").getData().get("SPRING_DATASOURCE_URL");
		assertThat(readme)
			.contains("kubectl create secret generic sigil-db-ca --namespace identity --from-file=ca.crt=")
			.contains("    caSecret: sigil-db-ca")
			.contains(url);
		VolumeMount mount = manifests.server()
			.getVolumeMounts()
			.stream()
			.filter((each) -> "postgresql-ca".equals(each.getName()))
			.findFirst()
			.orElseThrow();
		assertThat(url).contains("sslrootcert=" + (mount.getMountPath() + "/ca.crt").replace("/", "%2F"));
		assertThat(readme).contains("`" + mount.getMountPath() + "/ca.crt`");
	}

	@Test
	void agentReadmeWhenReadThenItsSidecarsCallTheReleaseWhereTheChartReadmeInstallsIt() throws IOException {
		String agentReadme = Files.readString(REPOSITORY.resolve("agent/README.md"));
		Matcher urls = Pattern.compile("http://([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc:([0-9]+)").matcher(agentReadme);

		List<String> namespaces = urls.results().map((url) -> url.group(2)).toList();
		assertThat(namespaces).isNotEmpty().containsOnly(SigilChart.NAMESPACE);
		assertThat(readme())
			.contains("helm install " + SigilChart.RELEASE + " ./helm/sigil --namespace " + SigilChart.NAMESPACE);
	}

	private static String readme() throws IOException {
		return Files.readString(SigilChart.directory().resolve("README.md"));
	}

}
