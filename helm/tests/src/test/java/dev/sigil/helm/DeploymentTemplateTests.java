package dev.sigil.helm;

import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The server's Deployment: a hardened pod, the four ports, probes on the management port,
 * replicas spread over nodes and zones.
 */
class DeploymentTemplateTests {

	@Test
	void templateWhenDefaultsThenPodRunsAsNonRootWithRuntimeDefaultSeccomp() {
		PodSecurityContext pod = podSpec(SigilChart.withRequiredValues()).getSecurityContext();

		assertThat(pod.getRunAsNonRoot()).isTrue();
		assertThat(pod.getRunAsUser()).isEqualTo(10001L);
		assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
	}

	@Test
	void templateWhenDefaultsThenContainerIsLockedDown() {
		SecurityContext container = server(SigilChart.withRequiredValues()).getSecurityContext();

		assertThat(container.getRunAsNonRoot()).isTrue();
		assertThat(container.getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getAllowPrivilegeEscalation()).isFalse();
		assertThat(container.getPrivileged()).isFalse();
		assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
		assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
	}

	@Test
	void templateWhenDefaultsThenTmpIsAWritableEmptyDir() {
		PodSpec pod = podSpec(SigilChart.withRequiredValues());

		Volume tmp = pod.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals("tmp"))
			.findFirst()
			.orElseThrow();
		assertThat(tmp.getEmptyDir()).isNotNull();
		assertThat(tmp.getEmptyDir().getSizeLimit().toString()).isEqualTo("64Mi");
		assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy((mount) -> {
			assertThat(mount.getName()).isEqualTo("tmp");
			assertThat(mount.getMountPath()).isEqualTo("/tmp");
			assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
		});
	}

	@Test
	void templateWhenDefaultsThenExposesThePublicInternalAdminAndManagementPorts() {
		Container server = server(SigilChart.withRequiredValues());

		assertThat(server.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
			.containsExactly(tuple("public", 8080), tuple("internal", 8081), tuple("admin", 8082),
					tuple("management", 9090));
		assertThat(plainEnv(server)).containsEntry("SIGIL_PUBLIC_PORT", "8080")
			.containsEntry("SIGIL_INTERNAL_PORT", "8081")
			.containsEntry("SIGIL_ADMIN_PORT", "8082")
			.containsEntry("MANAGEMENT_SERVER_PORT", "9090");
	}

	@Test
	void templateWhenPortsChangedThenEnvAndContainerPortsFollow() {
		Container server = server(SigilChart.withRequiredValues()
			.set("ports.public", 18080)
			.set("ports.internal", 18081)
			.set("ports.admin", 18082)
			.set("ports.management", 19090));

		assertThat(server.getPorts()).extracting(ContainerPort::getContainerPort)
			.containsExactly(18080, 18081, 18082, 19090);
		assertThat(plainEnv(server)).containsEntry("SIGIL_PUBLIC_PORT", "18080")
			.containsEntry("SIGIL_INTERNAL_PORT", "18081")
			.containsEntry("SIGIL_ADMIN_PORT", "18082")
			.containsEntry("MANAGEMENT_SERVER_PORT", "19090");
		assertThat(server.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
	}

	@Test
	void templateWhenDefaultsThenProbesCallTheActuatorOnTheManagementPort() {
		Container server = server(SigilChart.withRequiredValues());

		assertProbe(server.getStartupProbe(), "/actuator/health/liveness");
		assertProbe(server.getReadinessProbe(), "/actuator/health/readiness");
		assertProbe(server.getLivenessProbe(), "/actuator/health/liveness");
		assertThat(server.getStartupProbe().getFailureThreshold() * server.getStartupProbe().getPeriodSeconds())
			.as("seconds a first start (with its migrations) may take")
			.isGreaterThanOrEqualTo(60);
	}

	@Test
	void templateWhenProbeTimingGivenThenKeepsTheActuatorPath() {
		Container server = server(SigilChart.withRequiredValues()
			.set("readinessProbe.periodSeconds", 3)
			.set("readinessProbe.initialDelaySeconds", 1));

		assertProbe(server.getReadinessProbe(), "/actuator/health/readiness");
		assertThat(server.getReadinessProbe().getPeriodSeconds()).isEqualTo(3);
		assertThat(server.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(1);
	}

	@Test
	void templateWhenDefaultsThenTheImageChoosesTheJvmSettingsAndTheLimitLeavesRoom() {
		Container server = server(SigilChart.withRequiredValues());

		// The image's JAVA_TOOL_OPTIONS fit its platform (see the Dockerfile); a value
		// replaces them.
		assertThat(plainEnv(server)).doesNotContainKey("JAVA_TOOL_OPTIONS").containsEntry("MALLOC_ARENA_MAX", "2");
		assertThat(plainEnv(server(SigilChart.withRequiredValues().set("javaToolOptions", "-Xmx256m"))))
			.containsEntry("JAVA_TOOL_OPTIONS", "-Xmx256m");
		assertThat(server.getResources().getLimits()).containsKey("memory");
		assertThat(server.getResources().getRequests()).containsKeys("cpu", "memory");
	}

	@Test
	void templateWhenDefaultsThenTwoReplicasRollWithoutLosingCapacity() {
		Deployment deployment = SigilChart.withRequiredValues().render().one(Deployment.class);

		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
	}

	@Test
	void templateWhenDefaultsThenReplicasPreferDifferentNodesAndZones() {
		PodSpec pod = podSpec(SigilChart.withRequiredValues());

		WeightedPodAffinityTerm term = pod.getAffinity()
			.getPodAntiAffinity()
			.getPreferredDuringSchedulingIgnoredDuringExecution()
			.get(0);
		assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
		assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels()).isEqualTo(selectorLabels());
		TopologySpreadConstraint spread = pod.getTopologySpreadConstraints().get(0);
		assertThat(spread.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
		assertThat(spread.getLabelSelector().getMatchLabels()).isEqualTo(selectorLabels());
	}

	@Test
	void templateWhenHardAntiAffinityThenReplicasRequireDifferentNodes() {
		PodSpec pod = podSpec(SigilChart.withRequiredValues().set("podAntiAffinity", "hard"));

		assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
			.singleElement()
			.satisfies((term) -> assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
		assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
			.isNullOrEmpty();
	}

	@Test
	void templateWhenAffinityGivenThenReplacesThePreset() {
		PodSpec pod = podSpec(SigilChart.withRequiredValues().values("""
				affinity:
				  nodeAffinity:
				    requiredDuringSchedulingIgnoredDuringExecution:
				      nodeSelectorTerms:
				        - matchExpressions:
				            - key: node-role.example.com/identity
				              operator: Exists
				"""));

		assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
		assertThat(pod.getAffinity().getPodAntiAffinity()).isNull();
	}

	@Test
	void templateWhenAutoscalingEnabledThenTheAutoscalerOwnsTheReplicaCount() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("replicaCount", "null")
			.set("autoscaling.enabled", true)
			.set("autoscaling.minReplicas", 3)
			.set("autoscaling.maxReplicas", 9)
			.set("autoscaling.targetMemoryUtilizationPercentage", 80)
			.render();

		Deployment deployment = manifests.one(Deployment.class);
		HorizontalPodAutoscaler autoscaler = manifests.one(HorizontalPodAutoscaler.class);
		assertThat(deployment.getSpec().getReplicas()).isNull();
		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
		assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(3);
		assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(9);
		assertThat(autoscaler.getSpec().getMetrics()).extracting((metric) -> metric.getResource().getName())
			.containsExactly("cpu", "memory");
	}

	@Test
	void templateWhenImageDigestGivenThenPinsTheImage() {
		String digest = "sha256:" + "ab".repeat(32);

		Container server = server(
				SigilChart.withRequiredValues().set("image.tag", "1.2.3").set("image.digest", digest));

		assertThat(server.getImage()).isEqualTo("ghcr.io/sigil-dev/sigil-server@" + digest);
	}

	@Test
	void templateWhenNoTagGivenThenRunsTheChartsAppVersion() {
		assertThat(server(SigilChart.withRequiredValues()).getImage())
			.isEqualTo("ghcr.io/sigil-dev/sigil-server:" + SigilChart.metadata("appVersion"));
	}

	@Test
	void templateWhenExtraVolumesGivenThenMountsThemBesideTmpAndTheDatabaseCa() {
		PodSpec pod = podSpec(SigilChart.withRequiredValues().values("""
				extraVolumes:
				  - name: trust-bundle
				    configMap:
				      name: corporate-trust-bundle
				extraVolumeMounts:
				  - name: trust-bundle
				    mountPath: /etc/sigil/trust-bundle
				    readOnly: true
				"""));

		assertThat(pod.getVolumes()).extracting(Volume::getName)
			.containsExactly("tmp", "postgresql-ca", "trust-bundle");
		assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(VolumeMount::getMountPath)
			.containsExactly("/tmp", "/etc/sigil/postgresql-ca", "/etc/sigil/trust-bundle");
	}

	@Test
	void templateWhenRenderedThenServiceLinksStayOutOfTheEnvironment() {
		assertThat(podSpec(SigilChart.withRequiredValues()).getEnableServiceLinks()).isFalse();
	}

	private static void assertProbe(Probe probe, String path) {
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
		assertThat(probe.getTimeoutSeconds()).isPositive();
	}

	@Test
	void templateWhenAuditArchiveAndSiemGivenThenMountedAndConfiguredWithSecretsFromTheSecret() {
		SigilChart chart = SigilChart.withRequiredValues()
			.set("config.audit.archiveVolume.persistentVolumeClaim.claimName", "sigil-audit-archive")
			.set("config.audit.retention", "90d")
			.set("config.siem.url", "https://siem.example/ingest")
			.set("config.siem.format", "splunk-hec")
			.set("config.siem.existingSecret", "sigil-siem");
		var rendered = chart.render();
		assertThat(rendered.one(io.fabric8.kubernetes.api.model.ConfigMap.class).getData())
			.containsEntry("SIGIL_AUDIT_ARCHIVE_DIR", "/var/lib/sigil/audit-archive")
			.containsEntry("SIGIL_AUDIT_RETENTION", "90d")
			.containsEntry("SIGIL_SIEM_URL", "https://siem.example/ingest")
			.containsEntry("SIGIL_SIEM_FORMAT", "splunk-hec");
		Container server = rendered.server();
		assertThat(server.getVolumeMounts()).anyMatch((mount) -> mount.getName().equals("audit-archive")
				&& mount.getMountPath().equals("/var/lib/sigil/audit-archive"));
		assertThat(rendered.serverPod().getVolumes()).anyMatch((volume) -> volume.getName().equals("audit-archive")
				&& volume.getPersistentVolumeClaim().getClaimName().equals("sigil-audit-archive"));
		assertThat(server.getEnv()).anyMatch((env) -> env.getName().equals("SIGIL_SIEM_HMAC_KEY")
				&& env.getValueFrom().getSecretKeyRef().getName().equals("sigil-siem"));
		assertThat(plainEnv(server)).doesNotContainKey("SIGIL_SIEM_HMAC_KEY");
	}

	@Test
	void templateWhenFederationCaSecretGivenThenOnlyItsCertificatesAreMountedAndNamedToTheServer() {
		var rendered = SigilChart.withRequiredValues()
			.set("config.federation.caSecret", "cluster-ca")
			.set("config.federation.caSecretKey", "bundle.pem")
			.render();

		assertThat(rendered.one(io.fabric8.kubernetes.api.model.ConfigMap.class).getData())
			.containsEntry("SIGIL_FEDERATION_CA_FILE", "/etc/sigil/federation-ca/ca.crt");
		Volume ca = rendered.serverPod()
			.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals("federation-ca"))
			.findFirst()
			.orElseThrow();
		assertThat(ca.getSecret().getSecretName()).isEqualTo("cluster-ca");
		assertThat(ca.getSecret().getItems()).as("the certificates only, never a CA key beside them")
			.singleElement()
			.satisfies((item) -> {
				assertThat(item.getKey()).isEqualTo("bundle.pem");
				assertThat(item.getPath()).isEqualTo("ca.crt");
			});
		assertThat(rendered.server().getVolumeMounts()).anyMatch((mount) -> mount.getName().equals("federation-ca")
				&& mount.getMountPath().equals("/etc/sigil/federation-ca") && mount.getReadOnly());
	}

	private static PodSpec podSpec(SigilChart chart) {
		return chart.render().serverPod();
	}

	private static Container server(SigilChart chart) {
		return chart.render().server();
	}

	private static Map<String, String> plainEnv(Container container) {
		return ContainerEnv.of(container).literals();
	}

	private static Map<String, String> selectorLabels() {
		return Map.of("app.kubernetes.io/name", "sigil", "app.kubernetes.io/instance", SigilChart.RELEASE,
				"app.kubernetes.io/component", "server");
	}

}
