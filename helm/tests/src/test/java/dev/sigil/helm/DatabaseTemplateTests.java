package dev.sigil.helm;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database connection: an owner role that migrates beside the application role that
 * serves, the owner's password from a Secret only; and TLS verified against a CA by
 * default.
 */
class DatabaseTemplateTests {

	private static final String OWNER_PASSWORD = "owner-tr0ub4dor-and-3";

	private static final String CA_DIRECTORY = "/etc/sigil/postgresql-ca";

	@Test
	void templateWhenNoOwnerGivenThenTheApplicationRoleMigratesToo() {
		Manifests manifests = SigilChart.withRequiredValues().render();

		assertThat(manifests.one(ConfigMap.class).getData()).containsEntry("SPRING_DATASOURCE_USERNAME", "sigil")
			.doesNotContainKey("SIGIL_DB_OWNER_USERNAME");
		assertThat(manifests.server().getEnv())
			.noneMatch((variable) -> variable.getName().startsWith("SIGIL_DB_OWNER_"));
	}

	@Test
	void templateWhenOwnerGivenThenItsNameIsSetAndItsPasswordComesFromTheChartsSecret() {
		SigilChart chart = withOwner().set("postgresql.owner.password", OWNER_PASSWORD);
		Manifests manifests = chart.render();

		ConfigMap config = manifests.one(ConfigMap.class);
		assertThat(config.getData()).containsEntry("SPRING_DATASOURCE_USERNAME", "sigil_app")
			.containsEntry("SIGIL_DB_OWNER_USERNAME", "sigil_owner")
			.doesNotContainKey("SIGIL_DB_OWNER_PASSWORD");
		assertThat(decoded(manifests.one(Secret.class))).containsEntry("SIGIL_DB_OWNER_PASSWORD", OWNER_PASSWORD);
		SecretKeySelector reference = ContainerEnv.of(manifests.server())
			.secretReferences()
			.get("SIGIL_DB_OWNER_PASSWORD");
		assertThat(reference.getName()).isEqualTo("sigil");
		assertThat(reference.getKey()).isEqualTo("SIGIL_DB_OWNER_PASSWORD");
		assertThat(reference.getOptional()).isNotEqualTo(Boolean.TRUE);
		assertOwnerPasswordOnlyInASecret(chart, manifests);
	}

	@Test
	void templateWhenOwnerGivenWithAnExistingSecretThenItsPasswordIsARequiredKeyOfThatSecret() {
		SigilChart chart = withOwner().set("secrets.kek", "")
			.set("postgresql.password", "")
			.set("secrets.existingSecret", "sigil-secrets");
		Manifests manifests = chart.render();

		assertThat(manifests.all(Secret.class)).isEmpty();
		SecretKeySelector reference = ContainerEnv.of(manifests.server())
			.secretReferences()
			.get("SIGIL_DB_OWNER_PASSWORD");
		assertThat(reference.getName()).isEqualTo("sigil-secrets");
		assertThat(reference.getKey()).isEqualTo("SIGIL_DB_OWNER_PASSWORD");
		assertThat(reference.getOptional()).as("an owner without its password cannot migrate")
			.isNotEqualTo(Boolean.TRUE);
		assertThat(manifests.one(ConfigMap.class).getData()).containsEntry("SIGIL_DB_OWNER_USERNAME", "sigil_owner");
	}

	@Test
	void templateWhenOwnerSecretGivenThenTheOwnersNameAndPasswordComeFromIt() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("postgresql.username", "sigil_app")
			.set("postgresql.owner.existingSecret", "sigil-db-app")
			.set("postgresql.owner.existingSecretUsernameKey", "username")
			.render();

		Map<String, SecretKeySelector> references = ContainerEnv.of(manifests.server()).secretReferences();
		assertThat(references.get("SIGIL_DB_OWNER_USERNAME")).satisfies((reference) -> {
			assertThat(reference.getName()).isEqualTo("sigil-db-app");
			assertThat(reference.getKey()).isEqualTo("username");
		});
		assertThat(references.get("SIGIL_DB_OWNER_PASSWORD")).satisfies((reference) -> {
			assertThat(reference.getName()).isEqualTo("sigil-db-app");
			assertThat(reference.getKey()).isEqualTo("password");
		});
		assertThat(references.get("SPRING_DATASOURCE_PASSWORD").getName()).as("the application role's password")
			.isEqualTo("sigil");
		assertThat(manifests.one(ConfigMap.class).getData()).doesNotContainKey("SIGIL_DB_OWNER_USERNAME");
		assertThat(decoded(manifests.one(Secret.class))).doesNotContainKey("SIGIL_DB_OWNER_PASSWORD");
	}

	@Test
	void templateWhenDefaultsThenTheConnectionIsVerifiedTlsAgainstTheMountedCa() {
		Manifests manifests = SigilChart.withRequiredValues().render();

		Map<String, String> parameters = jdbcParameters(manifests);
		assertThat(parameters).containsEntry("sslmode", "verify-full")
			.containsEntry("sslrootcert", CA_DIRECTORY + "/ca.crt")
			.doesNotContainKey("sslfactory");
		PodSpec pod = manifests.serverPod();
		Volume ca = volume(pod, "postgresql-ca");
		assertThat(ca.getSecret().getSecretName()).isEqualTo(SigilChart.DATABASE_CA_SECRET);
		assertThat(ca.getSecret().getItems()).as("the CA certificate only, never a CA key beside it")
			.singleElement()
			.satisfies((item) -> {
				assertThat(item.getKey()).isEqualTo("ca.crt");
				assertThat(item.getPath()).isEqualTo("ca.crt");
			});
		VolumeMount mount = pod.getContainers()
			.get(0)
			.getVolumeMounts()
			.stream()
			.filter((candidate) -> candidate.getName().equals("postgresql-ca"))
			.findFirst()
			.orElseThrow();
		assertThat(mount.getMountPath()).isEqualTo(CA_DIRECTORY);
		assertThat(mount.getReadOnly()).isTrue();
	}

	@Test
	void templateWhenDefaultsThenTheUrlAndTheServerNameSchemaSigil() {
		Manifests manifests = SigilChart.withRequiredValues().render();

		assertThat(jdbcParameters(manifests)).containsEntry("currentSchema", "sigil");
		assertThat(manifests.one(ConfigMap.class).getData()).containsEntry("SIGIL_DB_SCHEMA", "sigil");
	}

	@Test
	void templateWhenSchemaGivenThenTheUrlAndTheServerNameIt() {
		Manifests manifests = SigilChart.withRequiredValues().set("postgresql.schema", "identity").render();

		assertThat(jdbcParameters(manifests)).as("the server refuses a URL whose schema is not SIGIL_DB_SCHEMA")
			.containsEntry("currentSchema", "identity");
		assertThat(manifests.one(ConfigMap.class).getData()).containsEntry("SIGIL_DB_SCHEMA", "identity");
	}

	@Test
	void templateWhenCaSecretKeyGivenThenThatKeyIsMountedAsTheCaFile() {
		Manifests manifests = SigilChart.withRequiredValues().set("postgresql.tls.caSecretKey", "root.pem").render();

		assertThat(volume(manifests.serverPod(), "postgresql-ca").getSecret().getItems()).singleElement()
			.satisfies((item) -> {
				assertThat(item.getKey()).isEqualTo("root.pem");
				assertThat(item.getPath()).isEqualTo("ca.crt");
			});
		assertThat(jdbcParameters(manifests)).containsEntry("sslrootcert", CA_DIRECTORY + "/ca.crt");
	}

	@Test
	void templateWhenJavaTrustStoreChosenThenThePublicCasVerifyTheServerAndNothingIsMounted() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("postgresql.tls.caSecret", "")
			.set("postgresql.tls.javaTrustStore", true)
			.render();

		assertThat(jdbcParameters(manifests)).containsEntry("sslmode", "verify-full")
			.containsEntry("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory")
			.doesNotContainKey("sslrootcert");
		assertThat(manifests.serverPod().getVolumes()).extracting(Volume::getName).containsExactly("tmp");
	}

	@Test
	void templateWhenTheOperatorBringsTheirOwnRootCertificateThenTheChartMountsNone() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("postgresql.tls.caSecret", "")
			.set("postgresql.parameters.sslrootcert", "/etc/ssl/db/ca.crt")
			.render();

		assertThat(jdbcParameters(manifests)).containsEntry("sslmode", "verify-full")
			.containsEntry("sslrootcert", "/etc/ssl/db/ca.crt");
		assertThat(manifests.serverPod().getVolumes()).extracting(Volume::getName).doesNotContain("postgresql-ca");
	}

	@Test
	void templateWhenSslmodeRequireChosenThenRendersWithoutACa() {
		Manifests manifests = SigilChart.withRequiredValues()
			.set("postgresql.tls.caSecret", "")
			.set("postgresql.sslmode", "require")
			.render();

		assertThat(jdbcParameters(manifests)).containsEntry("sslmode", "require").doesNotContainKey("sslrootcert");
	}

	@Test
	void templateWhenVerifyingWithoutACaThenFailsSayingHowToGiveOne() {
		String message = SigilChart.withRequiredValues().set("postgresql.tls.caSecret", "").renderFailure();

		assertThat(message).contains("postgresql.sslmode=verify-full")
			.contains("kubectl create secret generic sigil-db-ca --from-file=ca.crt=")
			.contains("postgresql.tls.caSecret")
			.contains("postgresql.tls.javaTrustStore=true");
	}

	private static SigilChart withOwner() {
		return SigilChart.withRequiredValues()
			.set("postgresql.username", "sigil_app")
			.set("postgresql.owner.username", "sigil_owner");
	}

	private static void assertOwnerPasswordOnlyInASecret(SigilChart chart, Manifests manifests) {
		Container server = manifests.server();
		assertThat(ContainerEnv.of(server).literals()).doesNotContainKey("SIGIL_DB_OWNER_PASSWORD")
			.doesNotContainValue(OWNER_PASSWORD);
		assertThat(manifests.one(ConfigMap.class).getData().values())
			.noneMatch((value) -> value.contains(OWNER_PASSWORD));
		String encoded = Base64.getEncoder().encodeToString(OWNER_PASSWORD.getBytes(StandardCharsets.UTF_8));
		assertThat(chart.renderYaml().replace(encoded, ""))
			.as("the owner's password appears only base64-encoded in the Secret")
			.doesNotContain(OWNER_PASSWORD);
	}

	private static Map<String, String> jdbcParameters(Manifests manifests) {
		String url = manifests.one(ConfigMap.class).getData().get("SPRING_DATASOURCE_URL");
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String parameter : url.substring(url.indexOf('?') + 1).split("&")) {
			String[] pair = parameter.split("=", 2);
			parameters.put(pair[0], URLDecoder.decode(pair[1], StandardCharsets.UTF_8));
		}
		return parameters;
	}

	private static Volume volume(PodSpec pod, String name) {
		return pod.getVolumes()
			.stream()
			.filter((volume) -> volume.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No volume " + name + " in " + pod.getVolumes()));
	}

	private static Map<String, String> decoded(Secret secret) {
		Map<String, String> decoded = new LinkedHashMap<>();
		secret.getData()
			.forEach((key, value) -> decoded.put(key,
					new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
		return decoded;
	}

}
