package dev.sigil.helm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's secrets: the KEK, earlier KEKs, the bootstrap admin token, the admin UI
 * password and the database passwords reach the pod from a Secret only, never from a
 * ConfigMap or a literal.
 */
class SecretTemplateTests {

	private static final String ADMIN_PASSWORD = "an-admin-ui-password";

	private static final String OWNER_PASSWORD = "a-database-owner-password";

	@Test
	void templateWhenSecretValuesGivenThenTheChartsSecretHoldsThem() {
		Secret secret = SigilChart.withRequiredValues()
			.set("secrets.kekPrevious", SigilChart.PREVIOUS_KEK)
			.set("secrets.bootstrapAdminToken", SigilChart.ADMIN_TOKEN)
			.set("secrets.adminPassword", ADMIN_PASSWORD)
			.render()
			.one(Secret.class);

		assertThat(decoded(secret)).containsExactlyInAnyOrderEntriesOf(Map.of("SIGIL_KEK", SigilChart.KEK,
				"SIGIL_KEK_PREVIOUS", SigilChart.PREVIOUS_KEK, "SIGIL_BOOTSTRAP_ADMIN_TOKEN", SigilChart.ADMIN_TOKEN,
				"SIGIL_ADMIN_PASSWORD", ADMIN_PASSWORD, "SPRING_DATASOURCE_PASSWORD", SigilChart.DATABASE_PASSWORD));
	}

	@Test
	void templateWhenSecretValuesGivenThenEveryOneReachesThePodThroughASecretKeyRef() {
		Container server = SigilChart.withRequiredValues()
			.set("secrets.kekPrevious", SigilChart.PREVIOUS_KEK)
			.set("secrets.bootstrapAdminToken", SigilChart.ADMIN_TOKEN)
			.set("secrets.adminPassword", ADMIN_PASSWORD)
			.render()
			.server();

		Map<String, SecretKeySelector> references = secretReferences(server);
		assertThat(references).containsOnlyKeys("SIGIL_KEK", "SIGIL_KEK_PREVIOUS", "SIGIL_BOOTSTRAP_ADMIN_TOKEN",
				"SIGIL_ADMIN_PASSWORD", "SPRING_DATASOURCE_PASSWORD");
		assertThat(references).allSatisfy((name, reference) -> {
			assertThat(reference.getName()).isEqualTo("sigil");
			assertThat(reference.getKey()).isEqualTo(name);
			assertThat(reference.getOptional()).isNotEqualTo(Boolean.TRUE);
		});
	}

	@Test
	void templateWhenOptionalSecretsOmittedThenNeitherSecretNorPodNamesThem() {
		Manifests manifests = SigilChart.withRequiredValues().render();

		assertThat(decoded(manifests.one(Secret.class))).containsOnlyKeys("SIGIL_KEK", "SPRING_DATASOURCE_PASSWORD");
		assertThat(secretReferences(manifests.server())).containsOnlyKeys("SIGIL_KEK", "SPRING_DATASOURCE_PASSWORD");
	}

	@Test
	void templateWhenRenderedThenNoSecretSitsInAConfigMapOrALiteral() {
		SigilChart chart = SigilChart.withRequiredValues()
			.set("secrets.kekPrevious", SigilChart.PREVIOUS_KEK)
			.set("secrets.bootstrapAdminToken", SigilChart.ADMIN_TOKEN)
			.set("secrets.adminPassword", ADMIN_PASSWORD)
			.set("postgresql.username", "sigil_app")
			.set("postgresql.owner.username", "sigil_owner")
			.set("postgresql.owner.password", OWNER_PASSWORD);
		Manifests manifests = chart.render();

		ConfigMap config = manifests.one(ConfigMap.class);
		assertThat(config.getData().keySet())
			.as("keys naming a KEK, a password or a token (not SIGIL_TOKENS_..., a metric's)")
			.noneMatch((key) -> List.of(key.split("_"))
				.stream()
				.anyMatch((word) -> word.equals("KEK") || word.equals("PASSWORD") || word.equals("TOKEN")));
		assertThat(config.getData().values())
			.noneMatch((value) -> value.contains(SigilChart.KEK) || value.contains(SigilChart.DATABASE_PASSWORD)
					|| value.contains(SigilChart.ADMIN_TOKEN) || value.contains(OWNER_PASSWORD));
		assertThat(secretReferences(manifests.server())).containsKey("SIGIL_DB_OWNER_PASSWORD");
		assertThat(ContainerEnv.of(manifests.server()).literals().keySet())
			.noneMatch((name) -> name.contains("KEK") || name.contains("PASSWORD") || name.contains("TOKEN"));
		assertThat(chart.renderYaml().replace(base64(SigilChart.KEK), ""))
			.as("the KEK appears only base64-encoded in the Secret")
			.doesNotContain(SigilChart.KEK);
	}

	@Test
	void templateWhenExistingSecretGivenThenMakesNoSecretAndReadsThatOne() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("secrets.kek", "")
			.set("postgresql.password", "")
			.set("secrets.existingSecret", "sigil-secrets")
			.render();

		assertThat(manifests.all(Secret.class)).isEmpty();
		Map<String, SecretKeySelector> references = secretReferences(manifests.server());
		assertThat(references).containsOnlyKeys("SIGIL_KEK", "SIGIL_KEK_PREVIOUS", "SIGIL_BOOTSTRAP_ADMIN_TOKEN",
				"SIGIL_ADMIN_PASSWORD", "SPRING_DATASOURCE_PASSWORD");
		assertThat(references.values())
			.allSatisfy((reference) -> assertThat(reference.getName()).isEqualTo("sigil-secrets"));
		assertThat(references.get("SIGIL_KEK").getOptional()).as("the KEK is required").isNotEqualTo(Boolean.TRUE);
		assertThat(references.get("SPRING_DATASOURCE_PASSWORD").getOptional()).isNotEqualTo(Boolean.TRUE);
		assertThat(references.get("SIGIL_KEK_PREVIOUS").getOptional())
			.as("a KEK rotation adds and removes this key without changing the chart")
			.isTrue();
		assertThat(references.get("SIGIL_BOOTSTRAP_ADMIN_TOKEN").getOptional()).isTrue();
		assertThat(references.get("SIGIL_ADMIN_PASSWORD").getOptional()).isTrue();
	}

	@Test
	void templateWhenPostgresqlExistingSecretGivenThenTheDatabaseCredentialsComeFromIt() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("postgresql.password", "")
			.set("postgresql.existingSecret", "sigil-db-app")
			.set("postgresql.existingSecretUsernameKey", "username")
			.render();

		Map<String, SecretKeySelector> references = secretReferences(manifests.server());
		assertThat(references.get("SPRING_DATASOURCE_PASSWORD")).satisfies((reference) -> {
			assertThat(reference.getName()).isEqualTo("sigil-db-app");
			assertThat(reference.getKey()).isEqualTo("password");
		});
		assertThat(references.get("SPRING_DATASOURCE_USERNAME")).satisfies((reference) -> {
			assertThat(reference.getName()).isEqualTo("sigil-db-app");
			assertThat(reference.getKey()).isEqualTo("username");
		});
		assertThat(decoded(manifests.one(Secret.class))).containsOnlyKeys("SIGIL_KEK");
		assertThat(manifests.one(ConfigMap.class).getData()).doesNotContainKey("SPRING_DATASOURCE_USERNAME");
	}

	@Test
	void templateWhenKekMissingThenFailsNamingTheValueAndHowToMakeOne() {
		String message = SigilChart.chart()
			.set("postgresql.host", "db.example.internal")
			.set("postgresql.password", SigilChart.DATABASE_PASSWORD)
			.set("issuer.baseUrl", SigilChart.ISSUER_BASE_URL)
			.renderFailure();

		assertThat(message).contains("secrets.kek is required")
			.contains("openssl rand -base64 32")
			.contains("never generates one")
			.contains("secrets.existingSecret");
	}

	@Test
	void templateWhenKekIsNotBase64Of32BytesThenTheSchemaRefusesIt() {
		String message = SigilChart.withRequiredValues().set("secrets.kek", "not-a-key").renderFailure();

		assertThat(message).contains("secrets.kek");
	}

	@Test
	void templateWhenExistingSecretAndSecretValuesBothGivenThenFails() {
		String message = SigilChart.withRequiredValues()
			.set("postgresql.password", "")
			.set("secrets.existingSecret", "sigil-secrets")
			.renderFailure();

		assertThat(message).contains("secrets.existingSecret is set").contains("leave secrets.kek");
	}

	@Test
	void templateWhenExistingSecretAndDatabasePasswordValueGivenThenFails() {
		String message = SigilChart.withRequiredValues()
			.set("secrets.kek", "")
			.set("secrets.existingSecret", "sigil-secrets")
			.renderFailure();

		assertThat(message).contains("postgresql.password").contains("SPRING_DATASOURCE_PASSWORD");
	}

	private static Map<String, SecretKeySelector> secretReferences(Container container) {
		return ContainerEnv.of(container).secretReferences();
	}

	private static Map<String, String> decoded(Secret secret) {
		return secret.getData()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey,
					(entry) -> new String(Base64.getDecoder().decode(entry.getValue()), StandardCharsets.UTF_8)));
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
