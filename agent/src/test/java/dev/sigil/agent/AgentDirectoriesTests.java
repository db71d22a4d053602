package dev.sigil.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentDirectoriesTests {

	@TempDir
	Path dir;

	@Test
	void createWhenDirectoriesMissingThenMakesThemForOwnerAndGroupOnly() throws Exception {
		AgentSettings settings = settings(Map.of("SIGIL_TOKEN_FILE", this.dir.resolve("a/b/oidc_token").toString(),
				"SIGIL_SOCKET", this.dir.resolve("c/api").toString()));
		AgentDirectories.create(settings, TestHost.root());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve("a/b"))))
			.isEqualTo("rwxr-x---");
		assertThat(this.dir.resolve("c")).isDirectory();
	}

	/**
	 * A file where a directory should be stops even root; the line names the variable
	 * that moves the path.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			SIGIL_TOKEN_FILE       | the token file
			SIGIL_SOCKET           | the socket
			SIGIL_AZURE_TOKEN_FILE | the Azure token file
			""")
	void createWhenFileInTheWayThenOneLineNamingTheVariable(String variable, String what) throws Exception {
		Files.writeString(this.dir.resolve("blocker"), "");
		Map<String, String> environment = new HashMap<>(
				Map.of("SIGIL_TOKEN_FILE", this.dir.resolve("files/oidc_token").toString(), "SIGIL_SOCKET",
						this.dir.resolve("files/api").toString(), "AZURE_CLIENT_ID", "id"));
		environment.put(variable, this.dir.resolve("blocker/sigil/file").toString());
		assertThatExceptionOfType(StartupException.class)
			.isThrownBy(() -> AgentDirectories.create(settings(environment), TestHost.root()))
			.withMessage("cannot create " + this.dir.resolve("blocker/sigil") + " for " + what
					+ " (Not a directory): set " + variable + " to a path in a directory this user can write");
	}

	@Test
	void createWhenDirectoryNotWritableThenOneLineNamingTheVariable() throws Exception {
		Files.createDirectories(this.dir.resolve("tokens"));
		AgentSettings settings = settings(Map.of("SIGIL_TOKEN_FILE", this.dir.resolve("tokens/oidc_token").toString(),
				"SIGIL_SOCKET", this.dir.resolve("sockets/api").toString()));
		TestHost user = new TestHost(false, Set.of(this.dir.resolve("sockets"))::contains, TestHost.WORKING_DIRECTORY);
		assertThatExceptionOfType(StartupException.class).isThrownBy(() -> AgentDirectories.create(settings, user))
			.withMessage("cannot write in " + this.dir.resolve("tokens")
					+ " for the token file: set SIGIL_TOKEN_FILE to " + "a path in a directory this user can write");
	}

	private static AgentSettings settings(Map<String, String> environment) throws UsageException {
		return AgentSettings.from(environment, TestHost.root());
	}

}
