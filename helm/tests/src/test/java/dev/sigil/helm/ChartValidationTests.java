package dev.sigil.helm;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Values that each look fine but do not work together: the render fails with a message
 * that says what to set instead.
 */
class ChartValidationTests {

	static Stream<Arguments> invalidCombinations() {
		return Stream.of(
				arguments("ingress enabled without a host", Map.of("ingress.enabled", true),
						"ingress.enabled needs ingress.host"),
				arguments("autoscaling with a replica count", Map.of("autoscaling.enabled", true),
						"set replicaCount to null"),
				arguments("no replica count and no autoscaling", Map.of("replicaCount", "null"),
						"replicaCount is required unless autoscaling.enabled"),
				arguments("autoscaling minimum above maximum",
						Map.of("replicaCount", "null", "autoscaling.enabled", true, "autoscaling.minReplicas", 5,
								"autoscaling.maxReplicas", 3),
						"autoscaling.minReplicas must not be greater than autoscaling.maxReplicas"),
				arguments("no database host", Map.of("postgresql.host", ""), "postgresql.host is required"),
				arguments("no database password", Map.of("postgresql.password", ""), "database password is missing"),
				arguments("two database password sources", Map.of("postgresql.existingSecret", "sigil-db-app"),
						"either postgresql.password or postgresql.existingSecret"),
				arguments("no issuer URL and no ingress", Map.of("issuer.baseUrl", ""), "issuer.baseUrl is required"),
				arguments("no issuer URL with the ingress disabled",
						Map.of("issuer.baseUrl", "", "ingress.host", "id.example.com"), "issuer.baseUrl is required"),
				arguments("two disruption budget bounds", Map.of("podDisruptionBudget.minAvailable", 1),
						"set either minAvailable or maxUnavailable"),
				arguments("no disruption budget bound", Map.of("podDisruptionBudget.maxUnavailable", ""),
						"needs minAvailable or maxUnavailable"),
				arguments("one port for two listeners", Map.of("ports.internal", 8080), "four different ports"),
				arguments("the admin port on the token port", Map.of("ports.admin", 8081), "four different ports"),
				arguments("an owner without a password", Map.of("postgresql.owner.username", "sigil_owner"),
						"database owner's password is missing"),
				arguments("an owner password without an owner", Map.of("postgresql.owner.password", "owner-secret"),
						"name the owner role in postgresql.owner.username"),
				arguments("an owner Secret without an owner", Map.of("postgresql.owner.existingSecret", "sigil-db-app"),
						"name the owner role in postgresql.owner.username"),
				arguments("two owner password sources",
						Map.of("postgresql.owner.username", "sigil_owner", "postgresql.owner.password", "owner-secret",
								"postgresql.owner.existingSecret", "sigil-db-app"),
						"either postgresql.owner.password or postgresql.owner.existingSecret"),
				arguments("an owner password value beside an existing Secret",
						Map.of("secrets.kek", "", "postgresql.password", "", "secrets.existingSecret", "sigil-secrets",
								"postgresql.owner.username", "sigil_owner", "postgresql.owner.password",
								"owner-secret"),
						"put SIGIL_DB_OWNER_PASSWORD in that Secret"),
				arguments("the owner is the application role",
						Map.of("postgresql.owner.username", "sigil", "postgresql.owner.password", "owner-secret"),
						"must be two roles"),
				arguments("a verifying sslmode without a CA", Map.of("postgresql.tls.caSecret", ""),
						"postgresql.sslmode=verify-full verifies the database server's certificate"),
				arguments("verify-ca without a CA",
						Map.of("postgresql.tls.caSecret", "", "postgresql.sslmode", "verify-ca"),
						"postgresql.sslmode=verify-ca verifies the database server's certificate"),
				arguments("a CA Secret and the JVM's trust store", Map.of("postgresql.tls.javaTrustStore", true),
						"Set either postgresql.tls.caSecret"),
				arguments("a CA Secret and an sslrootcert parameter",
						Map.of("postgresql.parameters.sslrootcert", "/etc/ssl/db/ca.crt"),
						"postgresql.parameters sets sslrootcert or sslfactory"),
				arguments("a CA Secret with an sslmode that does not verify", Map.of("postgresql.sslmode", "require"),
						"Set postgresql.sslmode=verify-full"),
				arguments("alerts without a ServiceMonitor or a selector", Map.of("alerts.enabled", true),
						"alerts.enabled: the rules select the series of the ServiceMonitor's scrapes"),
				arguments("development mode through extraEnv",
						Map.of("extraEnv[0].name", "SIGIL_DEV_MODE", "extraEnv[0].value", "true"),
						"extraEnv sets SIGIL_DEV_MODE: the chart refuses development mode"),
				arguments("a development KEK file through extraEnv",
						Map.of("extraEnv[0].name", "SIGIL_DEV_KEK_FILE", "extraEnv[0].value", "/tmp/kek"),
						"extraEnv sets SIGIL_DEV_KEK_FILE: the chart refuses development mode"),
				arguments("an HSM without its library",
						Map.of("keyStore.type", "pkcs11", "keyStore.pkcs11.tokenLabel", "sigil",
								"keyStore.pkcs11.pinSecret", "hsm-pin"),
						"set keyStore.pkcs11.library"),
				arguments("an HSM token named twice",
						Map.of("keyStore.type", "pkcs11", "keyStore.pkcs11.library", "/opt/pkcs11/lib.so",
								"keyStore.pkcs11.tokenLabel", "sigil", "keyStore.pkcs11.slot", 3,
								"keyStore.pkcs11.pinSecret", "hsm-pin"),
						"exactly one of keyStore.pkcs11.tokenLabel and keyStore.pkcs11.slot"),
				arguments("an HSM token not named",
						Map.of("keyStore.type", "pkcs11", "keyStore.pkcs11.library", "/opt/pkcs11/lib.so",
								"keyStore.pkcs11.pinSecret", "hsm-pin"),
						"exactly one of keyStore.pkcs11.tokenLabel and keyStore.pkcs11.slot"),
				arguments(
						"an HSM without a PIN", Map.of("keyStore.type", "pkcs11", "keyStore.pkcs11.library",
								"/opt/pkcs11/lib.so", "keyStore.pkcs11.tokenLabel", "sigil"),
						"set keyStore.pkcs11.pinSecret"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidCombinations")
	void templateWhenValuesConflictThenFailsWithAReadableMessage(String description, Map<String, Object> values,
			String expected) {
		SigilChart chart = SigilChart.withRequiredValues();
		values.forEach(chart::set);

		assertThat(chart.renderFailure()).contains(expected);
	}

}
