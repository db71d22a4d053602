package dev.sigil.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting the packaged server as an operator would: development mode survives a restart
 * on the same database, a bad setting stops the start with one line naming it, and a JDBC
 * URL without {@code currentSchema} works.
 */
@Tag("process")
class StartupProcessTests {

	@TempDir
	Path dir;

	@Test
	void devModeWhenRestartedOnTheSameDatabaseThenStillIssuesForItsOrgs() throws Exception {
		Path kekFile = this.dir.resolve("dev").resolve("kek");
		Map<String, String> devMode = Map.of("SIGIL_DEV_MODE", "true", "SIGIL_KEK", "", "SIGIL_DEV_KEK_FILE",
				kekFile.toString());
		TestMachine machine;
		try (ServerProcess first = ServerProcess.start("dev-first", new TestPorts(), devMode)) {
			machine = first.client.newMachine("devmode");
			first.client.issueToken(machine.credential(), "a");
			assertThat(first.tail()).contains("DEVELOPMENT MODE").contains(kekFile.toString());
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kekFile))).isEqualTo("rw-------");
		try (ServerProcess second = ServerProcess.start("dev-second", new TestPorts(), devMode)) {
			assertThat(second.client.token(machine.credential(), "{\"aud\":\"a\"}").statusCode()).isEqualTo(200);
			// Its keys are sealed under this test's development key: other servers on
			// this database
			// would find them unopenable (and report not ready).
			assertThat(second.client.admin("DELETE", "/api/v1/orgs/" + machine.org(), null).statusCode())
				.isEqualTo(204);
		}
	}

	@Test
	void startWhenAdminPasswordTooShortThenStopsWithOneLineNamingTheVariable() throws Exception {
		ServerProcess.Exited exited = ServerProcess.startExpectingExit("short-password", new TestPorts(),
				Map.of("SIGIL_ADMIN_PASSWORD", "short"));
		assertThat(exited.status()).isNotZero();
		assertThat(exited.output()).contains("SIGIL_ADMIN_PASSWORD must be at least 12 characters, got 5")
			.doesNotContain("Started SigilServerApplication")
			.doesNotContainPattern("(?m)^\\s+at [a-z]");
	}

	@Test
	void startWhenPkcs11PinWrongThenStopsWithOneLineNamingTheVariableAndNotThePin() throws Exception {
		dev.sigil.db.test.SoftHsm.Token token = dev.sigil.db.test.SoftHsm.token();
		String wrongPin = "wrong-" + token.pin();
		ServerProcess.Exited exited = ServerProcess.startExpectingExit("wrong-pin", new TestPorts(),
				Map.of("SIGIL_KEY_STORE", "pkcs11", "SIGIL_PKCS11_LIBRARY", token.library().toString(),
						"SIGIL_PKCS11_TOKEN_LABEL", token.label(), "SIGIL_PKCS11_PIN", wrongPin));
		assertThat(exited.status()).isNotZero();
		assertThat(exited.output()).contains("SIGIL_PKCS11_PIN was not accepted by the PKCS#11 token '" + token.label())
			.doesNotContain(wrongPin)
			.doesNotContain("Started SigilServerApplication")
			.doesNotContainPattern("(?m)^\\s+at [a-z]");
	}

	@Test
	void startWhenPkcs11TokenLabelUnknownThenStopsWithOneLineListingTheTokens() throws Exception {
		dev.sigil.db.test.SoftHsm.Token token = dev.sigil.db.test.SoftHsm.token();
		ServerProcess.Exited exited = ServerProcess.startExpectingExit("unknown-label", new TestPorts(),
				Map.of("SIGIL_KEY_STORE", "pkcs11", "SIGIL_PKCS11_LIBRARY", token.library().toString(),
						"SIGIL_PKCS11_TOKEN_LABEL", "no-such-token", "SIGIL_PKCS11_PIN", token.pin()));
		assertThat(exited.status()).isNotZero();
		assertThat(exited.output()).contains("SIGIL_PKCS11_TOKEN_LABEL 'no-such-token' names no token")
			.contains(token.label())
			.doesNotContainPattern("(?m)^\\s+at [a-z]");
	}

	@Test
	void startWhenJdbcUrlHasNoCurrentSchemaThenSameSchemaAndIssues() throws Exception {
		String url = TestDatabase.get().jdbcUrl().replaceAll("[?&]currentSchema=[^&]*", "");
		assertThat(url).doesNotContain("currentSchema");
		try (ServerProcess server = ServerProcess.start("no-current-schema", new TestPorts(),
				Map.of("SPRING_DATASOURCE_URL", url))) {
			TestMachine machine = server.client.newMachine("schema");
			assertThat(server.client.token(machine.credential(), null).statusCode()).isEqualTo(200);
		}
		ServerProcess.Exited other = ServerProcess.startExpectingExit("other-schema", new TestPorts(),
				Map.of("SPRING_DATASOURCE_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=public"));
		assertThat(other.output())
			.contains("SPRING_DATASOURCE_URL names currentSchema=public but SIGIL_DB_SCHEMA is sigil")
			.doesNotContainPattern("(?m)^\\s+at [a-z]");
	}

}
