package dev.sigil.helm;

import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart as a whole: Helm's lint, the set of objects an install makes, and what every
 * object has in common.
 */
class SigilChartTests {

	@Test
	void lintWhenStrictThenPassesWithoutWarnings() {
		LintResult result = new Helm(SigilChart.directory()).lint().strict().call();

		assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
		assertThat(result.getMessages())
			.noneMatch((message) -> message.contains("[WARNING]") || message.contains("[ERROR]"));
	}

	@Test
	void templateWhenRequiredValuesGivenThenRendersTheCoreObjects() {
		Manifests manifests = SigilChart.withRequiredValues().render();

		assertThat(manifests.names()).containsExactlyInAnyOrder("ServiceAccount/sigil", "Secret/sigil",
				"ConfigMap/sigil", "Service/sigil", "Service/sigil-internal", "Service/sigil-admin", "Deployment/sigil",
				"PodDisruptionBudget/sigil", "NetworkPolicy/sigil");
	}

	@Test
	void templateWhenCiValuesThenRendersEveryOptionalObject() {
		Manifests manifests = SigilChart.withCiValues().render();

		assertThat(manifests.kinds()).contains("Ingress", "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule",
				"NetworkPolicy", "PodDisruptionBudget");
		assertThat(manifests.names()).contains("Service/sigil-metrics", "ConfigMap/sigil-dashboard")
			.as("the operator's existing Secret is used, none is made")
			.doesNotContain("Secret/sigil");
	}

	@Test
	void templateWhenRenderedThenEveryObjectIsAValidKubernetesObject() {
		for (SigilChart chart : new SigilChart[] { SigilChart.withRequiredValues(), SigilChart.withCiValues() }) {
			for (HasMetadata object : chart.render().all()) {
				assertThat(UnknownFields.of(object)).as("fields %s does not know", object.getKind()).isEmpty();
				assertThat(object.getMetadata().getNamespace()).isEqualTo(SigilChart.NAMESPACE);
				assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(63)
					.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
			}
		}
	}

	@Test
	void templateWhenRenderedThenEveryObjectCarriesTheStandardLabels() {
		for (HasMetadata object : SigilChart.withCiValues().render().all()) {
			assertThat(object.getMetadata().getLabels()).as("labels of %s", object.getKind())
				.containsEntry("app.kubernetes.io/name", "sigil")
				.containsEntry("app.kubernetes.io/instance", SigilChart.RELEASE)
				.containsEntry("app.kubernetes.io/managed-by", "Helm")
				.containsEntry("helm.sh/chart", "sigil-" + SigilChart.metadata("version"))
				.containsKey("app.kubernetes.io/version");
		}
	}

	@Test
	void templateWhenCommonLabelsGivenThenEveryObjectCarriesThem() {
		Manifests manifests = SigilChart.withRequiredValues().set("commonLabels.team", "identity").render();

		assertThat(manifests.all())
			.allSatisfy((object) -> assertThat(object.getMetadata().getLabels()).containsEntry("team", "identity"));
	}

	@Test
	void templateWhenReleaseNameIsLongThenNamesStayDnsLabels() {
		Manifests manifests = SigilChart.withRequiredValues().set("fullnameOverride", "x".repeat(70)).render();

		assertThat(manifests.all())
			.allSatisfy((object) -> assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(63)
				.doesNotEndWith("-"));
		assertThat(manifests.all(Service.class)).extracting((service) -> service.getMetadata().getName())
			.doesNotHaveDuplicates();
	}

	@Test
	void templateWhenServiceAccountRenderedThenItsTokenIsNeverMounted() {
		Manifests manifests = SigilChart.withRequiredValues().render();

		ServiceAccount account = manifests.one(ServiceAccount.class);
		Deployment deployment = manifests.one(Deployment.class);
		assertThat(account.getAutomountServiceAccountToken()).isFalse();
		assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
			.isEqualTo(account.getMetadata().getName());
		assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
	}

	@Test
	void templateWhenServiceAccountNotCreatedThenPodsUseTheNamedOne() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("serviceAccount.create", false)
			.set("serviceAccount.name", "sigil-workload")
			.render();

		assertThat(manifests.all(ServiceAccount.class)).isEmpty();
		assertThat(manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
			.isEqualTo("sigil-workload");
	}

	@Test
	void templateWhenConfigOrSecretsChangeThenPodTemplateChangesToo() {
		Map<String, String> base = podAnnotations(SigilChart.withRequiredValues());
		Map<String, String> otherConfig = podAnnotations(
				SigilChart.withRequiredValues().set("config.tokenLifetime", "5m"));
		Map<String, String> otherSecret = podAnnotations(
				SigilChart.withRequiredValues().set("secrets.kekPrevious", SigilChart.PREVIOUS_KEK));

		assertThat(base).containsKeys("checksum/config", "checksum/secret");
		assertThat(otherConfig.get("checksum/config")).isNotEqualTo(base.get("checksum/config"));
		assertThat(otherConfig.get("checksum/secret")).isEqualTo(base.get("checksum/secret"));
		assertThat(otherSecret.get("checksum/secret")).isNotEqualTo(base.get("checksum/secret"));
		assertThat(otherSecret.get("checksum/config")).isEqualTo(base.get("checksum/config"));
	}

	@Test
	void templateWhenPodDisruptionBudgetDefaultThenOneReplicaMayBeDisrupted() {
		PodDisruptionBudget budget = SigilChart.withRequiredValues().render().one(PodDisruptionBudget.class);

		assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
		assertThat(budget.getSpec().getMinAvailable()).isNull();
		assertThat(budget.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component",
				"server");
	}

	@Test
	void templateWhenPodDisruptionBudgetGivenAPercentageThenKeepsIt() {
		PodDisruptionBudget budget = SigilChart.withRequiredValues()
			.set("podDisruptionBudget.maxUnavailable", "")
			.set("podDisruptionBudget.minAvailable", "50%")
			.render()
			.one(PodDisruptionBudget.class);

		assertThat(budget.getSpec().getMinAvailable().getStrVal()).isEqualTo("50%");
		assertThat(budget.getSpec().getMaxUnavailable()).isNull();
	}

	@Test
	void templateWhenConfigGivenThenServerSettingsReachTheConfigMap() {
		ConfigMap config = SigilChart.withRequiredValues()
			.set("config.tokenLifetime", "15m")
			.set("config.keys.rotationPeriod", "7d")
			.set("config.keys.maxPublished", 6)
			.render()
			.one(ConfigMap.class);

		assertThat(config.getData()).containsEntry("SIGIL_TOKEN_LIFETIME", "15m")
			.containsEntry("SIGIL_KEYS_ROTATION_PERIOD", "7d")
			.containsEntry("SIGIL_KEYS_MAX_PUBLISHED", "6")
			.as("settings left empty keep the server's defaults")
			.doesNotContainKeys("SIGIL_KEYS_PUBLISH_AHEAD", "SIGIL_ISSUER_DOCUMENT_MAX_AGE");
	}

	@Test
	void templateWhenTrustedProxiesAndLimitsGivenThenTheyReachTheConfigMap() {
		ConfigMap config = SigilChart.withRequiredValues()
			.set("config.trustedProxies[0]", "10.0.0.0/8")
			.set("config.trustedProxies[1]", "192.168.0.0/16")
			.set("config.rateLimit.machinePerMinute", 120)
			.set("config.replication.maxLag", "5s")
			.render()
			.one(ConfigMap.class);

		assertThat(config.getData()).containsEntry("SIGIL_TRUSTED_PROXIES", "10.0.0.0/8,192.168.0.0/16")
			.containsEntry("SIGIL_RATE_LIMIT_MACHINE_PER_MINUTE", "120")
			.containsEntry("SIGIL_REPLICATION_MAX_LAG", "5s")
			.doesNotContainKeys("SIGIL_RATE_LIMIT_ORG_PER_SECOND", "SIGIL_REPLICATION_POLL_INTERVAL");
	}

	@Test
	void templateWhenTuningValuesGivenThenEachReachesTheConfigMapAsItsVariable() {
		ConfigMap config = SigilChart.withRequiredValues().values("""
				admin:
				  sessionTimeout: 1h
				  maxFailedSignIns: 3
				  lockoutDuration: 30m
				config:
				  tokenAppLifetimeMax: 30m
				  logFormat: json
				  keys:
				    failureThreshold: 5
				  audit:
				    commitTimeout: 2s
				    maintenanceInterval: 5m
				    maxBatch: 256
				    partitionsAhead: 14
				    queueCapacity: 20000
				    writers: 2
				  siem:
				    batchSize: 100
				    interval: 2s
				    timeout: 5s
				    maxBackoff: 30s
				  credentials:
				    cacheSize: 5000
				    cacheTtl: 30s
				  federation:
				    fetchTimeout: 5s
				    jwksCacheTime: 10m
				    jwksRefreshInterval: 2m
				    maxDocumentSize: 512KB
				    maxSubjectTokenSize: 32KB
				  replication:
				    statementTimeout: 3s
				  tomcat:
				    maxThreads: 16
				    maxConnections: 4096
				""").render().one(ConfigMap.class);

		assertThat(config.getData()).containsEntry("SIGIL_ADMIN_SESSION_TIMEOUT", "1h")
			.containsEntry("SIGIL_ADMIN_MAX_FAILED_SIGN_INS", "3")
			.containsEntry("SIGIL_ADMIN_LOCKOUT_DURATION", "30m")
			.containsEntry("SIGIL_TOKEN_APP_LIFETIME_MAX", "30m")
			.containsEntry("SIGIL_LOG_FORMAT", "json")
			.containsEntry("SIGIL_KEYS_FAILURE_THRESHOLD", "5")
			.containsEntry("SIGIL_AUDIT_COMMIT_TIMEOUT", "2s")
			.containsEntry("SIGIL_AUDIT_MAINTENANCE_INTERVAL", "5m")
			.containsEntry("SIGIL_AUDIT_MAX_BATCH", "256")
			.containsEntry("SIGIL_AUDIT_PARTITIONS_AHEAD", "14")
			.containsEntry("SIGIL_AUDIT_QUEUE_CAPACITY", "20000")
			.containsEntry("SIGIL_AUDIT_WRITERS", "2")
			.containsEntry("SIGIL_SIEM_BATCH_SIZE", "100")
			.containsEntry("SIGIL_SIEM_INTERVAL", "2s")
			.containsEntry("SIGIL_SIEM_TIMEOUT", "5s")
			.containsEntry("SIGIL_SIEM_MAX_BACKOFF", "30s")
			.containsEntry("SIGIL_CREDENTIALS_CACHE_SIZE", "5000")
			.containsEntry("SIGIL_CREDENTIALS_CACHE_TTL", "30s")
			.containsEntry("SIGIL_FEDERATION_FETCH_TIMEOUT", "5s")
			.containsEntry("SIGIL_FEDERATION_JWKS_CACHE_TIME", "10m")
			.containsEntry("SIGIL_FEDERATION_JWKS_REFRESH_INTERVAL", "2m")
			.containsEntry("SIGIL_FEDERATION_MAX_DOCUMENT_SIZE", "512KB")
			.containsEntry("SIGIL_FEDERATION_MAX_SUBJECT_TOKEN_SIZE", "32KB")
			.containsEntry("SIGIL_REPLICATION_STATEMENT_TIMEOUT", "3s")
			.containsEntry("SIGIL_TOMCAT_MAX_THREADS", "16")
			.containsEntry("SIGIL_TOMCAT_MAX_CONNECTIONS", "4096");
	}

	@Test
	void templateWhenTuningValuesLeftEmptyThenTheServerKeepsItsDefaults() {
		ConfigMap config = SigilChart.withRequiredValues().render().one(ConfigMap.class);

		assertThat(config.getData()).doesNotContainKeys("SIGIL_ADMIN_SESSION_TIMEOUT", "SIGIL_LOG_FORMAT",
				"SIGIL_AUDIT_WRITERS", "SIGIL_SIEM_BATCH_SIZE", "SIGIL_CREDENTIALS_CACHE_TTL",
				"SIGIL_FEDERATION_FETCH_TIMEOUT", "SIGIL_FEDERATION_CA_FILE", "SIGIL_TOMCAT_MAX_THREADS");
	}

	@Test
	void templateWhenDefaultsThenTheAdminSessionCookieIsNotMarkedSecure() {
		ConfigMap config = SigilChart.withRequiredValues().render().one(ConfigMap.class);

		assertThat(config.getData())
			.as("the chart serves the admin port over plain HTTP and cannot know of TLS in front")
			.containsEntry("SIGIL_ADMIN_SECURE_COOKIE", "false");
	}

	@Test
	void templateWhenNativeCryptoTurnedOffThenTheServerIsTold() {
		assertThat(SigilChart.withRequiredValues().render().one(ConfigMap.class).getData())
			.containsEntry("SIGIL_CRYPTO_NATIVE", "true");
		assertThat(SigilChart.withRequiredValues()
			.set("config.nativeCrypto", false)
			.render()
			.one(ConfigMap.class)
			.getData()).containsEntry("SIGIL_CRYPTO_NATIVE", "false");
	}

	@Test
	void templateWhenSecureCookieSetThenTheServerMarksTheSessionCookieSecure() {
		ConfigMap config = SigilChart.withRequiredValues()
			.set("admin.secureCookie", true)
			.render()
			.one(ConfigMap.class);

		assertThat(config.getData()).containsEntry("SIGIL_ADMIN_SECURE_COOKIE", "true");
	}

	@Test
	void templateWhenNoProxyTrustedThenForwardedHeadersAreNotBelieved() {
		ConfigMap config = SigilChart.withRequiredValues().render().one(ConfigMap.class);

		assertThat(config.getData()).doesNotContainKey("SIGIL_TRUSTED_PROXIES");
	}

	@Test
	void templateWhenRenderedThenSecretIsOpaqueAndNamedForTheRelease() {
		Secret secret = SigilChart.withRequiredValues().render().one(Secret.class);

		assertThat(secret.getType()).isEqualTo("Opaque");
		assertThat(secret.getMetadata().getName()).isEqualTo("sigil");
	}

	private static Map<String, String> podAnnotations(SigilChart chart) {
		return chart.render().one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations();
	}

}
