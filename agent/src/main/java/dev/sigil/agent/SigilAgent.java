package dev.sigil.agent;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import dev.sigil.agent.gcp.ExecutableCredentialResponse;
import dev.sigil.agent.log.AgentLog;
import dev.sigil.agent.platform.Authentication;
import dev.sigil.agent.platform.ExplainClient;
import dev.sigil.agent.platform.MachineCredential;
import dev.sigil.agent.socket.SocketTokenSource;
import dev.sigil.agent.token.TokenSource;

/**
 * The Sigil agent's entry point: reads the command line and the environment, and runs the
 * command. Exit status 2 means a bad command line or environment, 1 that no token could
 * be had.
 */
public final class SigilAgent {

	static final int BAD_USAGE = 2;

	private final Map<String, String> environment;

	private final PrintStream out;

	private final PrintStream err;

	private final Clock clock;

	private final AgentLog log;

	private final DefaultDirectory.Host host;

	SigilAgent(Map<String, String> environment, PrintStream out, PrintStream err, Clock clock,
			DefaultDirectory.Host host) {
		this.environment = environment;
		this.host = host;
		this.out = out;
		this.err = err;
		this.clock = clock;
		this.log = new AgentLog(err, clock);
	}

	public static void main(String[] args) {
		System.exit(new SigilAgent(System.getenv(), System.out, System.err, Clock.systemUTC(),
				DefaultDirectory.Host.current())
			.run(args));
	}

	int run(String... args) {
		try {
			CommandLine line = CommandLine.parse(args);
			return execute(line);
		}
		catch (UsageException ex) {
			this.err.println("sigil-agent: " + ex.getMessage());
			this.err.print(ex.showUsage() ? "\n" + CommandLine.USAGE : "Run 'sigil-agent help' for usage.\n");
			this.err.flush();
			return BAD_USAGE;
		}
	}

	private int execute(CommandLine line) throws UsageException {
		return switch (line.command()) {
			case HELP -> print(CommandLine.USAGE);
			case VERSION ->
				print("sigil-agent " + Optional.ofNullable(SigilAgent.class.getPackage().getImplementationVersion())
					.orElse("(development)") + "\n");
			case RUN -> run(line);
			case SERVE -> new ServeCommand(starter(settings()), this.log).execute();
			case TOKEN ->
				new TokenCommand(oneShotSource("token", settings()), line.audience(), this.out, this.log).execute();
			case GCP_CREDENTIAL -> gcpCredential(line);
			case EXPLAIN -> explain(line);
		};
	}

	private int run(CommandLine line) throws UsageException {
		AgentSettings settings = settings();
		return new RunCommand(settings, line.childCommand(), this.environment, starter(settings), this.log).execute();
	}

	private int gcpCredential(CommandLine line) throws UsageException {
		AgentSettings settings = settings();
		Optional<Path> outputFile = Optional
			.ofNullable(this.environment.get(ExecutableCredentialResponse.OUTPUT_FILE_VARIABLE))
			.filter((file) -> !file.isBlank())
			.map(Path::of);
		return new GcpCredentialCommand(oneShotSource("gcp-credential", settings),
				ExecutableCredentialResponse.audience(line.audience(), this.environment), outputFile, this.out,
				this.log)
			.execute();
	}

	private int explain(CommandLine line) throws UsageException {
		AgentSettings settings = settings();
		MachineCredential credential = AgentSettings.credential(this.environment)
			.orElseThrow(() -> UsageException.environment("explain needs the machine credential: set "
					+ AgentSettings.CREDENTIAL + " or " + AgentSettings.CREDENTIAL_FILE));
		URI url = settings.requirePlatformUrl();
		Path tokenFile = Optional.ofNullable(line.options().get("--token-file"))
			.map(Path::of)
			.orElseGet(() -> firstExisting(settings.runningAgentTokenFiles()));
		return new ExplainCommand(new ExplainClient(url, credential), credential.client(url, this.clock), tokenFile,
				line.audience(), Optional.ofNullable(line.options().get("--aws-trust-policy")).map(Path::of), this.out,
				this.log)
			.execute();
	}

	/**
	 * Checks the settings the long-running commands need before any signal is taken over.
	 */
	private AgentRuntime.Starter starter(AgentSettings settings) throws UsageException {
		URI url = settings.requirePlatformUrl();
		Authentication authentication = AgentSettings.requireAuthentication(this.environment);
		TokenSource platform = authentication.client(url, this.clock);
		return () -> {
			settings.defaultDirectory().ifPresent((directory) -> this.log.info(directory.describe()));
			AgentDirectories.create(settings, this.host);
			this.log.info("getting tokens from " + url.getScheme() + "://" + url.getAuthority() + " using "
					+ authentication.describe());
			return AgentRuntime.start(settings, platform, this.clock, new SplittableRandom(), this.log);
		};
	}

	/**
	 * The platform when this process can authenticate to it (a machine credential, or
	 * token exchange), else the socket of the agent that runs it.
	 */
	private TokenSource oneShotSource(String command, AgentSettings settings) throws UsageException {
		Optional<Authentication> authentication = AgentSettings.authentication(this.environment);
		if (authentication.isPresent()) {
			URI url = settings.platformUrl()
				.orElseThrow(() -> UsageException.environment(AgentSettings.URL
						+ " is not set: with a machine credential or token exchange, " + command
						+ " asks the platform, "
						+ "at its internal API base URL such as https://sigil-internal.example.net:8081; without either it "
						+ "asks the socket of a running agent (" + AgentSettings.SOCKET + ")"));
			return authentication.get().client(url, this.clock);
		}
		List<Path> sockets = settings.runningAgentSockets();
		Path socket = firstExisting(sockets);
		if (Files.exists(socket)) {
			return new SocketTokenSource(socket, this.clock);
		}
		throw UsageException.environment("no machine credential, no token exchange and no agent socket at "
				+ sockets.stream().map(Path::toString).collect(Collectors.joining(" or ")) + ": set "
				+ AgentSettings.CREDENTIAL + " or " + AgentSettings.CREDENTIAL_FILE + ", or "
				+ AgentSettings.SUBJECT_TOKEN_FILE + ", " + AgentSettings.TRUST_POLICY + " and " + AgentSettings.ORG
				+ " (with " + AgentSettings.URL + "), or " + AgentSettings.SOCKET
				+ " to the socket of a running agent");
	}

	private AgentSettings settings() throws UsageException {
		return AgentSettings.from(this.environment, this.host);
	}

	/** The first of the paths that exists, else the first. */
	private static Path firstExisting(List<Path> paths) {
		return paths.stream().filter(Files::exists).findFirst().orElse(paths.get(0));
	}

	private int print(String text) {
		this.out.print(text);
		this.out.flush();
		return 0;
	}

}
