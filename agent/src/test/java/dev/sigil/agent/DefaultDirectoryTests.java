package dev.sigil.agent;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultDirectoryTests {

	private static final List<String> BOTH = List.of("SIGIL_TOKEN_FILE", "SIGIL_SOCKET");

	/**
	 * Who runs the agent, the directories it may write ({@code ;} between them),
	 * {@code XDG_RUNTIME_DIR} ({@code -} for unset) and the directory chosen, with the
	 * start of the reason when it is not /.sigil. Nothing for the directories is none at
	 * all, as on a read-only root file system.
	 */
	@ParameterizedTest(name = "[{index}] {0} writing {1} with XDG_RUNTIME_DIR={2}: {3}")
	@CsvSource(delimiter = '|', nullValues = "-",
			textBlock = """
					root | /               | -              | /.sigil                    |
					root | /;/.sigil       | /run/user/0    | /.sigil                    |
					root | /.sigil         | -              | /.sigil                    |
					root |                 | /run/user/0    | /run/user/0/sigil          | from XDG_RUNTIME_DIR, as /.sigil cannot be created or written here
					root |                 | -              | /home/dev/app/.sigil       | in the working directory, as XDG_RUNTIME_DIR is not set and /.sigil cannot be created or written here
					user | /home/dev       | -              | /home/dev/app/.sigil       | in the working directory, as XDG_RUNTIME_DIR is not set and /.sigil is not a directory this user can write (only root may create it)
					user | /home/dev       | /run/user/1000 | /run/user/1000/sigil       | from XDG_RUNTIME_DIR, as /.sigil is not a directory this user can write (only root may create it)
					user | /               | /run/user/1000 | /run/user/1000/sigil       | from XDG_RUNTIME_DIR
					user | /.sigil         | /run/user/1000 | /.sigil                    |
					user | /home/dev       | run/user/1000  | /home/dev/app/.sigil       | in the working directory
					user | /home/dev       | '  '           | /home/dev/app/.sigil       | in the working directory
					""")
	void chooseWhenUserAndWritableDirectoriesThenSystemOrPerUser(String who, String writable, String runtimeDirectory,
			Path expected, String fallback) {
		Map<String, String> environment = new HashMap<>();
		if (runtimeDirectory != null) {
			environment.put("XDG_RUNTIME_DIR", runtimeDirectory);
		}
		Set<Path> directories = (writable != null)
				? Stream.of(writable.split(";")).map(Path::of).collect(Collectors.toSet()) : Set.of();
		DefaultDirectory chosen = DefaultDirectory.choose(environment,
				new TestHost(who.equals("root"), directories::contains, TestHost.WORKING_DIRECTORY), BOTH);
		assertThat(chosen.path()).isEqualTo(expected);
		if (fallback == null) {
			assertThat(chosen.fallback()).isEmpty();
		}
		else {
			assertThat(chosen.fallback()).get().asString().startsWith(fallback);
		}
	}

	@Test
	void describeWhenPerUserThenOneLineWithDirectoryReasonAndBothVariables() {
		DefaultDirectory chosen = DefaultDirectory.choose(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), TestHost.user(),
				BOTH);
		assertThat(chosen.describe())
			.isEqualTo("the token file and the socket by default in /run/user/1000/sigil, from "
					+ "XDG_RUNTIME_DIR, as /.sigil is not a directory this user can write (only root may create it): "
					+ "set SIGIL_TOKEN_FILE and SIGIL_SOCKET to put them elsewhere");
	}

	@Test
	void describeWhenSystemAndOnlySocketDefaultedThenNamesSocketVariableAlone() {
		DefaultDirectory chosen = DefaultDirectory.choose(Map.of(), TestHost.root(), List.of("SIGIL_SOCKET"));
		assertThat(chosen.describe())
			.isEqualTo("the socket by default in /.sigil: set SIGIL_SOCKET to put it elsewhere");
	}

}
