package dev.sigil.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code values.schema.json}: Helm refuses values of the wrong type or shape, and unknown
 * keys, before it renders anything; and the schema describes every value the chart has.
 */
class ValuesSchemaTests {

	private static final String SCHEMA_FAILURE = "values don't meet the specifications of the schema";

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					replicaCount                              | two                            | replicaCount
					replicas                                  | 3                              | Additional property replicas is not allowed
					postgresql.port                           | five-four-three-two            | postgresql.port
					postgresql.sslmode                        | maybe                          | postgresql.sslmode
					postgresql.database                       | ''                             | postgresql.database
					issuer.baseUrl                            | https://id.example.com/issuers | issuer.baseUrl
					issuer.baseUrl                            | id.example.com                 | issuer.baseUrl
					secrets.kek                               | c2hvcnQ=                       | secrets.kek
					secrets.kekPrevious                       | one;two                        | secrets.kekPrevious
					secrets.bootstrapAdminToken               | too-short                      | secrets.bootstrapAdminToken
					ingress.enabled                           | yes                            | ingress.enabled
					ingress.hostname                          | id.example.com                 | Additional property hostname is not allowed
					ingress.pathType                          | Regex                          | ingress.pathType
					service.type                              | ExternalName                   | service.type
					podAntiAffinity                           | sometimes                      | podAntiAffinity
					image.pullPolicy                          | Sometimes                      | image.pullPolicy
					image.digest                              | latest                         | image.digest
					autoscaling.targetCPUUtilizationPercentage | 150                           | autoscaling.targetCPUUtilizationPercentage
					podDisruptionBudget.minAvailable          | half                           | podDisruptionBudget.minAvailable
					config.tokenLifetime                      | ten minutes                    | config.tokenLifetime
					tests.orgSlug                             | Demo_Org                       | tests.orgSlug
					ports.admin                               | 70000                          | ports.admin
					admin.secureCookie                        | sometimes                      | admin.secureCookie
					postgresql.tls.javaTrustStore             | maybe                          | postgresql.tls.javaTrustStore
					postgresql.tls.caSecret                   | Sigil_DB_CA                    | postgresql.tls.caSecret
					postgresql.owner.role                     | sigil_owner                    | Additional property role is not allowed
					adminService.port                         | 0                              | adminService.port
					networkPolicy.allowSameNamespace          | true                           | Additional property allowSameNamespace is not allowed
					alerts.issuanceErrorsPerSecond            | -1                             | alerts.issuanceErrorsPerSecond
					alerts.auditFailuresPerSecond             | -0.5                           | alerts.auditFailuresPerSecond
					alerts.replicationLagSeconds              | three                          | alerts.replicationLagSeconds
					alerts.signingKeyAgeMargin                | -1h                            | alerts.signingKeyAgeMargin
					alerts.for                                | five minutes                   | alerts.for
					alerts.enabled                            | sometimes                      | alerts.enabled
					alerts.selector                           | '{job="sigil"}'                | alerts.selector
					dashboards.enabled                        | yes                            | dashboards.enabled
					dashboards.labelKey                       | grafana dashboard              | dashboards.labelKey
					config.metrics.issueLatencyBuckets[0]     | fast                           | config.metrics.issueLatencyBuckets
					config.logFormat                          | xml                            | config.logFormat
					config.tokenAppLifetimeMax                | an hour                        | config.tokenAppLifetimeMax
					config.audit.writers                      | 17                             | config.audit.writers
					config.audit.commitTimeout                | 5 seconds                      | config.audit.commitTimeout
					config.siem.batchSize                     | -1                             | config.siem.batchSize
					config.credentials.cacheTtl               | 1 minute                       | config.credentials.cacheTtl
					config.federation.maxDocumentSize         | 1GB                            | config.federation.maxDocumentSize
					config.federation.caSecret                | Private_CA                     | config.federation.caSecret
					config.tomcat.maxThreads                  | many                           | config.tomcat.maxThreads
					postgresql.schema                         | Sigil-Schema                   | postgresql.schema
					admin.username                            | a b                            | admin.username
					admin.maxFailedSignIns                    | -1                             | admin.maxFailedSignIns
					admin.sessionTimeout                      | half an hour                   | admin.sessionTimeout
					""")
	void templateWhenValueBreaksTheSchemaThenRefusesIt(String key, String value, String expected) {
		String message = SigilChart.withRequiredValues().set(key, value).renderFailure();

		assertThat(message).contains(SCHEMA_FAILURE).contains(expected);
	}

	@Test
	void templateWhenUnknownTopLevelKeyInAValuesFileThenRefusesIt() {
		String message = SigilChart.withRequiredValues().values("""
				replicaCount: 3
				ingres:
				  enabled: true
				""").renderFailure();

		assertThat(message).contains(SCHEMA_FAILURE).contains("Additional property ingres is not allowed");
	}

	@Test
	void templateWhenListGivenAMapThenRefusesIt() {
		String message = SigilChart.withRequiredValues().values("""
				networkPolicy:
				  internalNamespaceSelectors:
				    matchLabels:
				      team: payments
				""").renderFailure();

		assertThat(message).contains(SCHEMA_FAILURE).contains("networkPolicy.internalNamespaceSelectors");
	}

	@Test
	void templateWhenKekPreviousListsTwoKeysThenAcceptsIt() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("secrets.kekPrevious", SigilChart.PREVIOUS_KEK + "," + SigilChart.KEK)
			.render();

		assertThat(manifests.kinds()).contains("Secret");
	}

	@Test
	void schemaWhenValuesYamlReadThenEveryValueIsDescribedAndTyped() throws IOException {
		JsonNode schema = JsonMapper.builder()
			.build()
			.readTree(Files.readString(SigilChart.directory().resolve("values.schema.json")));
		Map<String, Object> values = new Yaml().load(Files.readString(SigilChart.directory().resolve("values.yaml")));

		assertThat(schema.path("additionalProperties").asBoolean(true)).as("unknown top-level keys refused").isFalse();
		List<String> undescribed = new ArrayList<>();
		ValueTree.walk(values, schema, "", (path, node, value) -> {
			if (node.isMissingNode()) {
				undescribed.add(path);
			}
			else {
				assertThat(node.path("description").asString("")).as("description of %s", path).isNotBlank();
				assertThat(node.has("type") || node.has("oneOf")).as("type of %s", path).isTrue();
			}
		});
		assertThat(undescribed).as("values the schema does not describe").isEmpty();
	}

}
