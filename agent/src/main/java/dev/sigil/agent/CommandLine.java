package dev.sigil.agent;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agent's command line: a command, and its audience, child command or options. */
record CommandLine(Command command, Optional<String> audience, List<String> childCommand, Map<String, String> options) {

	CommandLine(Command command, Optional<String> audience, List<String> childCommand) {
		this(command, audience, childCommand, Map.of());
	}

	static final String USAGE = """
			Usage: sigil-agent <command>

			Commands:
			  run -- CMD [ARG...]   Write the token file and keep it fresh, serve the socket, and run
			                        CMD as a child with the cloud SDKs' variables set. Signals TERM, INT
			                        and HUP are passed to CMD; the agent exits with CMD's status.
			  serve                 Write the token file, keep it fresh and serve the socket, without a child.
			  token [--aud AUD]     Print one token, for AUD or else for the org's issuer.
			  gcp-credential [--aud AUD]
			                        Print the response Google's executable-sourced credentials expect.
			                        AUD defaults to the provider named by GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE.
			  explain [--aud AUD] [--token-file FILE] [--aws-trust-policy FILE]
			                        Ask the platform why this machine's token would be refused: the token
			                        file's (default SIGIL_TOKEN_FILE), or a fresh one for AUD; checked
			                        against AUD and an AWS role trust policy when given. Needs SIGIL_URL
			                        and the machine credential. Exit status 0 when valid, 1 when not.
			  help, version

			Environment:
			  SIGIL_URL                      The platform's internal API base URL: https, or http to localhost,
			                                 127.0.0.0/8 or [::1]. Needed by run, serve and explain, and by
			                                 token and gcp-credential when they have the credential or token
			                                 exchange.
			  SIGIL_ALLOW_INSECURE_URL       true to allow http to any other host, which sends the credential
			                                 or subject token unencrypted (default false).
			  SIGIL_MACHINE_CREDENTIAL       The machine credential, or
			  SIGIL_MACHINE_CREDENTIAL_FILE  a file that holds it (read again on every use).
			  SIGIL_SUBJECT_TOKEN_FILE       Instead of a credential, token exchange: a file holding a token
			                                 from a platform that attests this workload, such as a Kubernetes
			                                 projected service-account token (read again on every exchange),
			  SIGIL_TRUST_POLICY             the name of the org's trust policy that accepts it,
			  SIGIL_ORG                      and the org's slug.
			  SIGIL_TOKEN_FILE               The token file (default oidc_token in the directory below).
			  SIGIL_SOCKET                   The unix socket (default api in the directory below).
			  SIGIL_TOKEN_AUDIENCE           The audience of the file's token (default sts.amazonaws.com when
			                                 AWS_ROLE_ARN is set, else the org's issuer).
			  SIGIL_REFRESH_INTERVAL         Renew every interval, such as 9m or 30s (default: when half the
			                                 token's lifetime has passed, with jitter).
			  SIGIL_AZURE_TOKEN_FILE         The token file for Azure, written when AZURE_CLIENT_ID is set
			                                 (default azure_token beside the token file).
			  SIGIL_STARTUP_TIMEOUT          How long to retry the first token while the platform is
			                                 unreachable (default 30s).

			The token file and socket go by default in /.sigil as root, or when /.sigil is a directory
			this user can write (a mounted volume); otherwise in $XDG_RUNTIME_DIR/sigil if XDG_RUNTIME_DIR
			is set, else in .sigil in the working directory. token and gcp-credential look for the socket
			there, then at /.sigil/api.

			token and gcp-credential ask the platform (at SIGIL_URL) when they have the credential or
			token exchange, and otherwise the socket of a running agent (SIGIL_SOCKET), needing neither
			SIGIL_URL nor a credential.
			""";

	/** What the agent was asked to do. */
	enum Command {

		RUN, SERVE, TOKEN, GCP_CREDENTIAL, EXPLAIN, HELP, VERSION

	}

	static CommandLine parse(String... args) throws UsageException {
		if (args.length == 0) {
			throw UsageException.commandLine("no command given");
		}
		List<String> rest = Arrays.asList(args).subList(1, args.length);
		return switch (args[0]) {
			case "run" -> run(rest);
			case "serve" -> noArguments(Command.SERVE, rest);
			case "token" -> withAudience(Command.TOKEN, rest);
			case "gcp-credential" -> withAudience(Command.GCP_CREDENTIAL, rest);
			case "explain" -> explain(rest);
			case "help", "-h", "--help" -> noArguments(Command.HELP, rest);
			case "version", "--version" -> noArguments(Command.VERSION, rest);
			default -> throw UsageException.commandLine("unknown command '" + args[0] + "'");
		};
	}

	private static CommandLine run(List<String> rest) throws UsageException {
		List<String> child = (!rest.isEmpty() && rest.get(0).equals("--")) ? rest.subList(1, rest.size()) : rest;
		if (child.isEmpty() || child.get(0).isEmpty()) {
			throw UsageException.commandLine("run needs the command to start: sigil-agent run -- CMD [ARG...]");
		}
		return new CommandLine(Command.RUN, Optional.empty(), List.copyOf(child));
	}

	private static CommandLine withAudience(Command command, List<String> rest) throws UsageException {
		if (rest.isEmpty()) {
			return new CommandLine(command, Optional.empty(), List.of());
		}
		String audience;
		if (rest.size() == 2 && rest.get(0).equals("--aud")) {
			audience = rest.get(1);
		}
		else if (rest.size() == 1 && rest.get(0).startsWith("--aud=")) {
			audience = rest.get(0).substring("--aud=".length());
		}
		else {
			throw UsageException.commandLine("unexpected arguments " + rest + ": only --aud AUDIENCE is accepted");
		}
		if (audience.isBlank()) {
			throw UsageException.commandLine("--aud needs an audience");
		}
		return new CommandLine(command, Optional.of(audience), List.of());
	}

	private static CommandLine explain(List<String> rest) throws UsageException {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < rest.size(); i++) {
			String name = rest.get(i);
			String value;
			int equals = name.indexOf('=');
			if (equals > 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			else if (i + 1 < rest.size()) {
				value = rest.get(++i);
			}
			else {
				throw UsageException.commandLine(name + " needs a value");
			}
			if (!List.of("--aud", "--token-file", "--aws-trust-policy").contains(name)) {
				throw UsageException.commandLine(
						"unexpected argument '" + name + "': explain takes --aud, --token-file and --aws-trust-policy");
			}
			if (value.isBlank() || options.put(name, value) != null) {
				throw UsageException.commandLine(name + " needs one non-empty value");
			}
		}
		return new CommandLine(Command.EXPLAIN, Optional.ofNullable(options.get("--aud")), List.of(),
				Map.copyOf(options));
	}

	private static CommandLine noArguments(Command command, List<String> rest) throws UsageException {
		if (!rest.isEmpty()) {
			throw UsageException.commandLine("unexpected arguments " + rest);
		}
		return new CommandLine(command, Optional.empty(), List.of());
	}

}
