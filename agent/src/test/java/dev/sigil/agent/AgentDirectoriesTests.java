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

	/**
	 * A per-user default directory someone else could write, or made by someone else
	 * first in a shared working directory, is never used: they could swap the token file
	 * or the socket.
	 */
	@Test
	void createWhenPerUserDirectoryWritableByOthersThenRefused() throws Exception {
		Path perUser = Files.createDirectory(this.dir.resolve("sigil"));
		Files.setPosixFilePermissions(perUser, PosixFilePermissions.fromString("rwxrwxrwx"));
		TestHost user = new TestHost(false, (path) -> path.startsWith(this.dir), TestHost.WORKING_DIRECTORY);
		AgentSettings settings = AgentSettings.from(Map.of("XDG_RUNTIME_DIR", this.dir.toString()), user);
		assertThat(settings.tokenFile()).isEqualTo(perUser.resolve("oidc_token"));
		assertThatExceptionOfType(StartupException.class).isThrownBy(() -> AgentDirectories.create(settings, user))
			.withMessageContaining(perUser + " is not this user's own")
			.withMessageContaining("SIGIL_TOKEN_FILE and SIGIL_SOCKET");
		Files.setPosixFilePermissions(perUser, PosixFilePermissions.fromString("rwxr-x---"));
		AgentDirectories.create(settings, user);
	}

	@Test
	void createWhenPerUserDirectoryIsAnotherUsersThenRefused() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(OwnPlaces.currentUid().equals(0),
				"only root can give a directory to another user");
		Path perUser = Files.createDirectory(this.dir.resolve("sigil"));
		Files.setAttribute(perUser, "unix:uid", 4242);
		TestHost user = new TestHost(false, (path) -> path.startsWith(this.dir), TestHost.WORKING_DIRECTORY);
		AgentSettings settings = AgentSettings.from(Map.of("XDG_RUNTIME_DIR", this.dir.toString()), user);
		assertThatExceptionOfType(StartupException.class).isThrownBy(() -> AgentDirectories.create(settings, user))
			.withMessageContaining("is not this user's own");
	}

	/** A one-shot command never asks a socket planted in a shared working directory. */
	@Test
	void runningAgentSocketsWhenPerUserSocketIsALinkThenOnlyTheSystemSocket() throws Exception {
		Path perUser = Files.createDirectory(this.dir.resolve("sigil"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		TestHost user = new TestHost(false, (path) -> path.startsWith(this.dir), TestHost.WORKING_DIRECTORY);
		Map<String, String> environment = Map.of("XDG_RUNTIME_DIR", this.dir.toString());
		Files.writeString(perUser.resolve("api"), "");
		assertThat(AgentSettings.from(environment, user).runningAgentSockets()).containsExactly(perUser.resolve("api"),
				Path.of("/.sigil/api"));
		Files.delete(perUser.resolve("api"));
		Files.createSymbolicLink(perUser.resolve("api"), this.dir.resolve("someone-elses-socket"));
		assertThat(AgentSettings.from(environment, user).runningAgentSockets()).containsExactly(Path.of("/.sigil/api"));
		Files.delete(perUser.resolve("api"));
		Files.writeString(perUser.resolve("api"), "");
		Files.setPosixFilePermissions(perUser, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThat(AgentSettings.from(environment, user).runningAgentSockets()).containsExactly(Path.of("/.sigil/api"));
	}

	private static AgentSettings settings(Map<String, String> environment) throws UsageException {
		return AgentSettings.from(environment, TestHost.root());
	}

}
