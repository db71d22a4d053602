package dev.sigil.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples in {@code helm/sigil/examples}: a CloudNativePG cluster with the values
 * that use it, and a workload pod with the agent as a sidecar. They must work with the
 * chart as it is.
 */
class ExamplesTests {

	private static final Path EXAMPLES = SigilChart.directory().resolve("examples");

	@Test
	void cloudNativePgValuesWhenRenderedThenConnectOverVerifiedTlsWithTheOperatorsCredentials() {
		Manifests manifests = SigilChart.chart().valuesFile(EXAMPLES.resolve("cloudnativepg-values.yaml")).render();

		assertThat(manifests.one(ConfigMap.class).getData().get("SPRING_DATASOURCE_URL"))
			.isEqualTo("jdbc:postgresql://sigil-db-rw.identity.svc:5432/sigil?currentSchema=sigil&sslmode=verify-full"
					+ "&sslrootcert=%2Fetc%2Fsigil%2Fpostgresql-ca%2Fca.crt");
		PodSpec pod = manifests.serverPod();
		Container server = pod.getContainers().get(0);
		assertThat(ContainerEnv.of(server).secretReferences()).satisfies((references) -> {
			assertThat(references.get("SPRING_DATASOURCE_PASSWORD").getName()).as("the application role")
				.isEqualTo("sigil-db-sigil-app");
			assertThat(references.get("SPRING_DATASOURCE_PASSWORD").getKey()).isEqualTo("password");
			assertThat(references.get("SPRING_DATASOURCE_USERNAME").getName()).isEqualTo("sigil-db-sigil-app");
			assertThat(references.get("SPRING_DATASOURCE_USERNAME").getKey()).isEqualTo("username");
			assertThat(references.get("SIGIL_DB_OWNER_PASSWORD").getName()).as("the database's owner")
				.isEqualTo("sigil-db-app");
			assertThat(references.get("SIGIL_DB_OWNER_PASSWORD").getKey()).isEqualTo("password");
			assertThat(references.get("SIGIL_DB_OWNER_USERNAME").getName()).isEqualTo("sigil-db-app");
			assertThat(references.get("SIGIL_DB_OWNER_USERNAME").getKey()).isEqualTo("username");
			assertThat(references.get("SIGIL_KEK").getName()).isEqualTo("sigil-secrets");
		});
		Volume ca = pod.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals("postgresql-ca"))
			.findFirst()
			.orElseThrow();
		assertThat(ca.getSecret().getItems()).as("the CA certificate only, never the CA's key")
			.singleElement()
			.satisfies((item) -> assertThat(item.getKey()).isEqualTo("ca.crt"));
		assertThat(server.getVolumeMounts()).extracting(VolumeMount::getMountPath).contains("/etc/sigil/postgresql-ca");
		assertThat(manifests.all(Secret.class)).isEmpty();
	}

	@Test
	void pkcs11ValuesWhenRenderedThenTheServerFindsTheTokenItsLibraryAndItsPinInASecret() {
		Manifests manifests = SigilChart.withRequiredValues()
			.valuesFile(EXAMPLES.resolve("pkcs11-values.yaml"))
			.render();

		Map<String, String> config = manifests.one(ConfigMap.class).getData();
		assertThat(config).containsEntry("SIGIL_KEY_STORE", "pkcs11")
			.containsEntry("SIGIL_PKCS11_LIBRARY", "/opt/pkcs11/lib/libvendor_pkcs11.so")
			.containsEntry("SIGIL_PKCS11_TOKEN_LABEL", "sigil-signing")
			.doesNotContainKeys("SIGIL_PKCS11_SLOT", "SIGIL_PKCS11_PIN");
		PodSpec pod = manifests.serverPod();
		Container server = pod.getContainers().get(0);
		SecretKeySelector pin = ContainerEnv.of(server).secretReferences().get("SIGIL_PKCS11_PIN");
		assertThat(pin.getName()).isEqualTo("sigil-hsm-pin");
		assertThat(pin.getKey()).isEqualTo("pin");
		assertThat(ContainerEnv.of(server).literals()).doesNotContainKey("SIGIL_PKCS11_PIN");
		Volume library = pod.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals("pkcs11-library"))
			.findFirst()
			.orElseThrow();
		assertThat(library.toString()).contains("registry.example/hsm-client:5.13");
		assertThat(server.getVolumeMounts()).filteredOn((mount) -> mount.getName().equals("pkcs11-library"))
			.singleElement()
			.satisfies((mount) -> {
				assertThat(mount.getMountPath()).isEqualTo("/opt/pkcs11");
				assertThat(mount.getReadOnly()).isTrue();
			});
	}

	@Test
	void defaultValuesWhenRenderedThenKeysAreSealedInTheDatabaseAndNoTokenIsNamed() {
		Manifests manifests = SigilChart.withRequiredValues().render();

		assertThat(manifests.one(ConfigMap.class).getData()).containsEntry("SIGIL_KEY_STORE", "database")
			.doesNotContainKeys("SIGIL_PKCS11_LIBRARY", "SIGIL_PKCS11_TOKEN_LABEL", "SIGIL_PKCS11_SLOT");
		assertThat(ContainerEnv.of(manifests.server()).secretReferences()).doesNotContainKey("SIGIL_PKCS11_PIN");
		assertThat(manifests.serverPod().getVolumes()).extracting(Volume::getName).doesNotContain("pkcs11-library");
	}

	@Test
	void pkcs11SlotWhenGivenInsteadOfALabelThenTheServerGetsIt() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("keyStore.type", "pkcs11")
			.set("keyStore.pkcs11.library", "/usr/lib/softhsm/libsofthsm2.so")
			.set("keyStore.pkcs11.slot", 1971913566)
			.set("keyStore.pkcs11.pinSecret", "hsm-pin")
			.render();

		assertThat(manifests.one(ConfigMap.class).getData()).containsEntry("SIGIL_PKCS11_SLOT", "1971913566")
			.doesNotContainKey("SIGIL_PKCS11_TOKEN_LABEL");
	}

	@Test
	void cloudNativePgClusterWhenReadThenMatchesTheNamesTheValuesUse() throws IOException {
		GenericKubernetesResource cluster = Manifests
			.parse(Files.readString(EXAMPLES.resolve("cloudnativepg-cluster.yaml")))
			.custom("Cluster");
		Manifests chart = SigilChart.chart().valuesFile(EXAMPLES.resolve("cloudnativepg-values.yaml")).render();

		String name = cluster.getMetadata().getName();
		assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
		assertThat(cluster.getMetadata().getNamespace()).isEqualTo(SigilChart.NAMESPACE);
		assertThat((String) cluster.get("spec", "bootstrap", "initdb", "database")).isEqualTo("sigil");
		assertThat((Integer) cluster.get("spec", "instances")).isGreaterThanOrEqualTo(2);
		Container server = chart.server();
		Map<String, SecretKeySelector> references = ContainerEnv.of(server).secretReferences();
		assertThat(references.get("SIGIL_DB_OWNER_PASSWORD").getName())
			.as("the operator's Secret of the database's owner migrates")
			.isEqualTo(name + "-app");
		List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
		assertThat(roles).as("the application role, managed by the operator").singleElement().satisfies((role) -> {
			assertThat(role).containsEntry("login", true).doesNotContainKeys("superuser", "createdb", "createrole");
			assertThat(role.get("passwordSecret"))
				.isEqualTo(Map.of("name", references.get("SPRING_DATASOURCE_PASSWORD").getName()));
			assertThat(role.get("name")).isNotEqualTo(cluster.get("spec", "bootstrap", "initdb", "owner"));
		});
		assertThat(chart.one(ConfigMap.class).getData().get("SPRING_DATASOURCE_URL"))
			.startsWith("jdbc:postgresql://" + name + "-rw." + SigilChart.NAMESPACE + ".svc:5432/sigil?");
		assertThat(chart.serverPod().getVolumes()).filteredOn((volume) -> volume.getSecret() != null)
			.extracting((volume) -> volume.getSecret().getSecretName())
			.containsExactly(name + "-ca");
	}

	@Test
	void agentSidecarWhenReadThenIsAValidPodWhoseAgentStartsFirstAndKeepsRunning() throws IOException {
		Pod pod = agentPod();

		assertThat(UnknownFields.of(pod)).isEmpty();
		Container agent = agent(pod);
		assertThat(agent.getRestartPolicy()).as("a native sidecar").isEqualTo("Always");
		assertThat(agent.getArgs()).containsExactly("serve");
		assertThat(agent.getStartupProbe().getExec().getCommand()).contains(env(agent).get("SIGIL_TOKEN_FILE"));
	}

	@Test
	void agentSidecarWhenReadThenSharesTheTokenFileAndSocketThroughAnInMemoryEmptyDir() throws IOException {
		Pod pod = agentPod();

		Volume shared = volume(pod, "sigil");
		assertThat(shared.getEmptyDir().getMedium()).isEqualTo("Memory");
		Container agent = agent(pod);
		Container workload = pod.getSpec().getContainers().get(0);
		assertThat(mountPath(agent, "sigil")).isEqualTo("/.sigil");
		assertThat(mountPath(workload, "sigil")).isEqualTo("/.sigil");
		assertThat(env(agent).get("SIGIL_TOKEN_FILE")).startsWith("/.sigil/");
		assertThat(env(agent).get("SIGIL_SOCKET")).startsWith("/.sigil/");
		assertThat(env(workload)).containsEntry("AWS_WEB_IDENTITY_TOKEN_FILE", env(agent).get("SIGIL_TOKEN_FILE"));
	}

	@Test
	void agentSidecarWhenReadThenOnlyTheAgentSeesAServiceAccountTokenForSigilAndNoSecretAtAll() throws IOException {
		Pod pod = agentPod();

		Container agent = agent(pod);
		Container workload = pod.getSpec().getContainers().get(0);
		assertThat(pod.getSpec().getVolumes()).as("no Secret: the pod's service account proves who it is")
			.allSatisfy((volume) -> assertThat(volume.getSecret()).isNull());
		Volume token = volume(pod, "sigil-token");
		assertThat(token.getProjected().getSources()).singleElement().satisfies((source) -> {
			assertThat(source.getSecret()).isNull();
			ServiceAccountTokenProjection projection = source.getServiceAccountToken();
			assertThat(projection.getAudience()).as("its own audience, never the API server's").isEqualTo("sigil");
			assertThat(projection.getExpirationSeconds()).isEqualTo(3600L);
			assertThat(env(agent).get("SIGIL_SUBJECT_TOKEN_FILE"))
				.isEqualTo(mountPath(agent, "sigil-token") + "/" + projection.getPath());
		});
		assertThat(env(agent)).containsKeys("SIGIL_TRUST_POLICY", "SIGIL_ORG")
			.doesNotContainKeys("SIGIL_MACHINE_CREDENTIAL", "SIGIL_MACHINE_CREDENTIAL_FILE");
		assertThat(env(agent).get("SIGIL_ORG")).matches("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
		assertThat(workload.getVolumeMounts()).extracting(VolumeMount::getName).doesNotContain("sigil-token");
		assertThat(env(workload).keySet()).noneMatch((name) -> name.startsWith("SIGIL_"));
	}

	@Test
	void agentSidecarWhenReadThenAsksForAwsTokensFromTheChartsInternalService() throws IOException {
		Pod pod = agentPod();
		Service internal = SigilChart.withRequiredValues().render().get(Service.class, "sigil-internal");

		Container agent = agent(pod);
		Container workload = pod.getSpec().getContainers().get(0);
		assertThat(env(agent).get("AWS_ROLE_ARN")).startsWith("arn:aws:iam::")
			.isEqualTo(env(workload).get("AWS_ROLE_ARN"));
		assertThat(env(agent)).containsEntry("SIGIL_URL", "http://" + internal.getMetadata().getName() + "."
				+ SigilChart.NAMESPACE + ".svc:" + internal.getSpec().getPorts().get(0).getPort());
	}

	@Test
	void agentSidecarWhenReadThenAllowsItsPlainHttpUrlOnlyWithAReasonNamingTheNetworkPolicy() throws IOException {
		Container agent = agent(agentPod());

		assertThat(env(agent).get("SIGIL_URL")).as("a plain http URL to a host that is not loopback")
			.startsWith("http://")
			.doesNotContain("localhost")
			.doesNotContain("127.0.0.1");
		assertThat(env(agent)).containsEntry("SIGIL_ALLOW_INSECURE_URL", "true");
		List<String> lines = Files.readAllLines(EXAMPLES.resolve("agent-sidecar.yaml"));
		int variable = lines.indexOf("        - name: SIGIL_ALLOW_INSECURE_URL");
		assertThat(variable).isPositive();
		StringBuilder comment = new StringBuilder();
		for (int i = variable - 1; i >= 0 && lines.get(i).strip().startsWith("#"); i--) {
			comment.insert(0, lines.get(i).strip().substring(1).strip() + " ");
		}
		assertThat(comment.toString()).as("the comment above SIGIL_ALLOW_INSECURE_URL")
			.contains("acceptable")
			.contains("NetworkPolicy")
			.contains("token port")
			.contains("mTLS");
	}

	@Test
	void agentSidecarWhenReadThenCallsTheReleaseTheReadmeInstallsWithATrustPolicyForItsNamespaceAndServiceAccount()
			throws IOException {
		Pod pod = agentPod();
		String readme = Files.readString(SigilChart.directory().resolve("README.md"));
		String example = Files.readString(EXAMPLES.resolve("agent-sidecar.yaml"));

		assertThat(readme)
			.as("the README installs release %s in namespace %s", SigilChart.RELEASE, SigilChart.NAMESPACE)
			.contains("helm install " + SigilChart.RELEASE + " ./helm/sigil --namespace " + SigilChart.NAMESPACE);
		assertThat(env(agent(pod)).get("SIGIL_URL"))
			.startsWith("http://" + SigilChart.RELEASE + "-internal." + SigilChart.NAMESPACE + ".svc:");
		assertThat(pod.getSpec().getServiceAccountName()).isNotBlank();
		assertThat(example).as("the trust policy in the comment")
			.contains("\"name\":\"" + env(agent(pod)).get("SIGIL_TRUST_POLICY") + "\"")
			.contains("\"provider\":\"kubernetes\"")
			.contains("\"audiences\":[\"" + volume(pod, "sigil-token").getProjected()
				.getSources()
				.get(0)
				.getServiceAccountToken()
				.getAudience() + "\"]")
			.contains("\"/kubernetes.io/namespace\":\"" + pod.getMetadata().getNamespace() + "\"")
			.contains("\"/kubernetes.io/serviceaccount/name\":\"" + pod.getSpec().getServiceAccountName() + "\"")
			.contains("POST /api/v1/orgs/" + env(agent(pod)).get("SIGIL_ORG") + "/trust-policies")
			.doesNotContain("kubectl create secret");
	}

	@Test
	void agentSidecarWhenReadThenBothContainersAreHardened() throws IOException {
		Pod pod = agentPod();

		assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
		for (Container container : new Container[] { agent(pod), pod.getSpec().getContainers().get(0) }) {
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		}
	}

	private static Pod agentPod() throws IOException {
		return Manifests.parse(Files.readString(EXAMPLES.resolve("agent-sidecar.yaml"))).one(Pod.class);
	}

	private static Container agent(Pod pod) {
		return pod.getSpec()
			.getInitContainers()
			.stream()
			.filter((container) -> container.getName().equals("sigil-agent"))
			.findFirst()
			.orElseThrow();
	}

	private static Volume volume(Pod pod, String name) {
		return pod.getSpec()
			.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume " + name));
	}

	private static String mountPath(Container container, String volume) {
		return container.getVolumeMounts()
			.stream()
			.filter((mount) -> mount.getName().equals(volume))
			.map(VolumeMount::getMountPath)
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " does not mount " + volume));
	}

	private static Map<String, String> env(Container container) {
		return ContainerEnv.of(container).literals();
	}

}
