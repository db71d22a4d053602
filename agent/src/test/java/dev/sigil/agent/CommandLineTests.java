package dev.sigil.agent;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sigil.agent.CommandLine.Command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CommandLineTests {

	@Test
	void parseWhenRunThenEverythingAfterDashesIsTheChild() throws Exception {
		CommandLine line = CommandLine.parse("run", "--", "app", "--aud", "x", "--");
		assertThat(line.command()).isEqualTo(Command.RUN);
		assertThat(line.childCommand()).containsExactly("app", "--aud", "x", "--");
		assertThat(CommandLine.parse("run", "app").childCommand()).containsExactly("app");
	}

	@Test
	void parseWhenAudienceGivenThenKept() throws Exception {
		assertThat(CommandLine.parse("token", "--aud", "vault").audience()).contains("vault");
		assertThat(CommandLine.parse("gcp-credential", "--aud=https://iam.googleapis.com/x").audience())
			.contains("https://iam.googleapis.com/x");
		assertThat(CommandLine.parse("token").audience()).isEqualTo(Optional.empty());
		assertThat(CommandLine.parse("serve").command()).isEqualTo(Command.SERVE);
		assertThat(CommandLine.parse("--help").command()).isEqualTo(Command.HELP);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			''                       | no command given
			start                    | unknown command 'start'
			run                      | run needs the command to start
			run --                   | run needs the command to start
			serve now                | unexpected arguments [now]
			token --aud              | only --aud AUDIENCE is accepted
			token --audience x       | only --aud AUDIENCE is accepted
			token --aud=             | --aud needs an audience
			""")
	void parseWhenBadThenSaysWhat(String args, String message) {
		String[] split = args.isEmpty() ? new String[0] : args.split(" ");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse(split))
			.withMessageContaining(message)
			.satisfies((ex) -> assertThat(ex.showUsage()).isTrue());
	}

	@Test
	void usageWhenPrintedThenNamesEveryCommandAndVariable() {
		assertThat(CommandLine.USAGE).contains("run -- CMD", "serve", "token [--aud AUD]", "gcp-credential")
			.contains(List.of("SIGIL_URL", "SIGIL_ALLOW_INSECURE_URL", "SIGIL_MACHINE_CREDENTIAL",
					"SIGIL_MACHINE_CREDENTIAL_FILE", "SIGIL_SUBJECT_TOKEN_FILE", "SIGIL_TRUST_POLICY", "SIGIL_ORG",
					"SIGIL_TOKEN_FILE", "SIGIL_SOCKET", "SIGIL_TOKEN_AUDIENCE", "SIGIL_REFRESH_INTERVAL",
					"SIGIL_AZURE_TOKEN_FILE", "SIGIL_STARTUP_TIMEOUT"));
	}

}
