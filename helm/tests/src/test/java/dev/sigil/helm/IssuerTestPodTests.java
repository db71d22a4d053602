package dev.sigil.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code helm test} pod: as a relying party would, it fetches an org's discovery
 * document and JWKS through the public Service, from a hardened container.
 */
class IssuerTestPodTests {

	@Test
	void testTemplateWhenReadThenIsAHelmTestHookDeletedAfterSuccess() throws IOException {
		String template = Files.readString(SigilChart.directory().resolve("templates/tests/test-issuer.yaml"));

		assertThat(template).contains("helm.sh/hook: test")
			.contains("helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded");
	}

	@Test
	void templateWhenOrgSlugGivenThenFetchesItsDiscoveryDocumentAndJwksThroughThePublicService() {
		Pod pod = testPod(SigilChart.withCiValues());

		Container container = pod.getSpec().getContainers().get(0);
		Map<String, String> env = container.getEnv()
			.stream()
			.collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
		assertThat(env).containsEntry("PUBLIC_URL", "http://sigil.identity.svc:80")
			.containsEntry("ORG", "demo")
			.containsEntry("EXPECTED_ISSUER", "https://id.example.com/demo");
		String script = String.join("\n", container.getCommand());
		assertThat(script).contains("$PUBLIC_URL/$ORG/.well-known/openid-configuration")
			.contains("jwks_uri")
			.contains("$EXPECTED_ISSUER");
		assertThat(container.getImage()).startsWith("curlimages/curl:");
		assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
	}

	@Test
	void templateWhenNoOrgSlugThenChecksThatThePublicPortRefusesAnUnknownOrg() {
		Pod pod = testPod(SigilChart.withRequiredValues());

		Container container = pod.getSpec().getContainers().get(0);
		assertThat(container.getEnv()).anySatisfy((variable) -> {
			assertThat(variable.getName()).isEqualTo("ORG");
			assertThat(variable.getValue()).isEmpty();
		});
		assertThat(String.join("\n", container.getCommand())).contains("!= 404");
	}

	@Test
	void templateWhenRenderedThenTheTestContainerIsHardened() {
		Pod pod = testPod(SigilChart.withCiValues());

		assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
		Container container = pod.getSpec().getContainers().get(0);
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(container.getResources().getLimits()).containsKey("memory");
		assertThat(UnknownFields.of(pod)).isEmpty();
	}

	private static Pod testPod(SigilChart chart) {
		Pod pod = chart.withTestHooksAsManifests().render().one(Pod.class);
		assertThat(pod.getMetadata().getAnnotations()).containsEntry("rendered.sigil.dev/hook", "test");
		return pod;
	}

}
