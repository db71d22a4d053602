package dev.sigil.agent;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sigil.agent.child.ChildEnvironment;
import dev.sigil.agent.platform.Authentication;
import dev.sigil.agent.platform.MachineCredential;
import dev.sigil.agent.platform.TokenExchange;

/**
 * The agent's settings, read from its environment. How the agent authenticates to the
 * platform (a machine credential, or token exchange) is not among them: it is read
 * separately by {@link #authentication(Map)}, so that printing the settings never prints
 * a credential.
 *
 * @param platformUrl the platform's internal API base URL ({@code SIGIL_URL}): https, or
 * plain http to a loopback address unless {@code SIGIL_ALLOW_INSECURE_URL} is
 * {@code true}
 * @param tokenFile the token file ({@code SIGIL_TOKEN_FILE}, else {@code oidc_token} in
 * the default directory)
 * @param socket the unix socket ({@code SIGIL_SOCKET}, else {@code api} in the default
 * directory)
 * @param tokenAudience the audience of the file's token, none for the org's issuer
 * @param refreshInterval a fixed refresh interval, none to renew at half the token's
 * lifetime
 * @param azureTokenFile the token file for Azure, when {@code AZURE_CLIENT_ID} is set
 * @param startupTimeout how long to retry the first token while the platform is
 * unreachable
 * @param defaultDirectory where the token file or the socket is for want of its variable,
 * if either is
 */
record AgentSettings(Optional<URI> platformUrl, Path tokenFile, Path socket, Optional<String> tokenAudience,
		Optional<Duration> refreshInterval, Optional<Path> azureTokenFile, Duration startupTimeout,
		Optional<DefaultDirectory> defaultDirectory) {

	static final String URL = "SIGIL_URL";

	static final String ALLOW_INSECURE_URL = "SIGIL_ALLOW_INSECURE_URL";

	static final String CREDENTIAL = "SIGIL_MACHINE_CREDENTIAL";

	static final String CREDENTIAL_FILE = "SIGIL_MACHINE_CREDENTIAL_FILE";

	static final String SUBJECT_TOKEN_FILE = "SIGIL_SUBJECT_TOKEN_FILE";

	static final String TRUST_POLICY = "SIGIL_TRUST_POLICY";

	static final String ORG = "SIGIL_ORG";

	static final String TOKEN_FILE = "SIGIL_TOKEN_FILE";

	static final String SOCKET = "SIGIL_SOCKET";

	static final String TOKEN_AUDIENCE = "SIGIL_TOKEN_AUDIENCE";

	static final String REFRESH_INTERVAL = "SIGIL_REFRESH_INTERVAL";

	static final String AZURE_TOKEN_FILE = "SIGIL_AZURE_TOKEN_FILE";

	static final String STARTUP_TIMEOUT = "SIGIL_STARTUP_TIMEOUT";

	static final String AWS_AUDIENCE = "sts.amazonaws.com";

	static final String AZURE_AUDIENCE = "api://AzureADTokenExchange";

	private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

	static AgentSettings from(Map<String, String> environment, DefaultDirectory.Host host) throws UsageException {
		List<String> unset = new ArrayList<>(List.of(TOKEN_FILE, SOCKET));
		unset.removeAll(present(environment, TOKEN_FILE, SOCKET));
		Optional<DefaultDirectory> defaultDirectory = unset.isEmpty() ? Optional.empty()
				: Optional.of(DefaultDirectory.choose(environment, host, List.copyOf(unset)));
		Path tokenFile = path(environment, TOKEN_FILE, defaultDirectory, "oidc_token");
		Optional<String> audience = value(environment, TOKEN_AUDIENCE)
			.or(() -> ChildEnvironment.isSet(environment, ChildEnvironment.AWS_ROLE_ARN) ? Optional.of(AWS_AUDIENCE)
					: Optional.empty());
		Optional<Path> azureTokenFile = Optional.empty();
		if (ChildEnvironment.isSet(environment, ChildEnvironment.AZURE_CLIENT_ID)) {
			azureTokenFile = Optional.of(value(environment, AZURE_TOKEN_FILE).map(Path::of)
				.orElse(tokenFile.resolveSibling("azure_token"))
				.toAbsolutePath());
		}
		return new AgentSettings(platformUrl(environment), tokenFile,
				path(environment, SOCKET, defaultDirectory, "api"), audience, duration(environment, REFRESH_INTERVAL),
				azureTokenFile, duration(environment, STARTUP_TIMEOUT).orElse(Duration.ofSeconds(30)),
				defaultDirectory);
	}

	private static Path path(Map<String, String> environment, String name, Optional<DefaultDirectory> defaultDirectory,
			String fileName) {
		return value(environment, name).map(Path::of)
			.orElseGet(() -> defaultDirectory.orElseThrow().path().resolve(fileName))
			.toAbsolutePath();
	}

	/**
	 * Where a one-shot command looks for the socket of a running agent, in order:
	 * {@code SIGIL_SOCKET}; by default the socket this process would serve, then
	 * {@code /.sigil/api}, which an agent run by root or in a sidecar serves to workloads
	 * that cannot write there.
	 */
	List<Path> runningAgentSockets() {
		return withSystemDefault(this.socket, SOCKET);
	}

	/**
	 * The socket to name in the child's {@code SIGIL_SOCKET}, when it lies in a per-user
	 * default directory: that may be the working directory, which the workload is free to
	 * leave.
	 */
	Optional<Path> socketForChild() {
		return this.defaultDirectory
			.filter((directory) -> directory.variables().contains(SOCKET) && directory.fallback().isPresent())
			.map((directory) -> this.socket);
	}

	/**
	 * Where a one-shot command looks for the token file of a running agent, in the same
	 * way as its socket.
	 */
	List<Path> runningAgentTokenFiles() {
		return withSystemDefault(this.tokenFile, TOKEN_FILE);
	}

	private List<Path> withSystemDefault(Path path, String variable) {
		boolean elsewhere = this.defaultDirectory.filter((directory) -> directory.variables().contains(variable))
			.filter((directory) -> !directory.path().equals(DefaultDirectory.SYSTEM))
			.isPresent();
		Path system = DefaultDirectory.SYSTEM.resolve(path.getFileName());
		if (!elsewhere) {
			return List.of(path);
		}
		// A per-user directory may lie in a shared working directory: what another user
		// put there is never asked.
		return OwnPlaces.planted(path) ? List.of(system) : List.of(path, system);
	}

	/**
	 * How the agent authenticates to the platform: with the machine credential
	 * ({@code SIGIL_MACHINE_CREDENTIAL} or {@code SIGIL_MACHINE_CREDENTIAL_FILE}), or by
	 * token exchange ({@code SIGIL_SUBJECT_TOKEN_FILE}, {@code SIGIL_TRUST_POLICY} and
	 * {@code SIGIL_ORG}, all three); empty when neither is configured.
	 * @throws UsageException when both are configured, or token exchange only in part
	 */
	static Optional<Authentication> authentication(Map<String, String> environment) throws UsageException {
		Optional<MachineCredential> credential = credential(environment);
		List<String> exchange = present(environment, SUBJECT_TOKEN_FILE, TRUST_POLICY, ORG);
		if (credential.isPresent() && !exchange.isEmpty()) {
			List<String> both = present(environment, CREDENTIAL, CREDENTIAL_FILE);
			both.addAll(exchange);
			throw UsageException.environment("set either a machine credential (" + CREDENTIAL + " or " + CREDENTIAL_FILE
					+ ") or token exchange (" + SUBJECT_TOKEN_FILE + ", " + TRUST_POLICY + " and " + ORG
					+ "), not both: " + and(both) + " are set");
		}
		if (credential.isPresent()) {
			return Optional.of(credential.get());
		}
		if (exchange.isEmpty()) {
			return Optional.empty();
		}
		List<String> missing = new ArrayList<>(List.of(SUBJECT_TOKEN_FILE, TRUST_POLICY, ORG));
		missing.removeAll(exchange);
		if (!missing.isEmpty()) {
			throw UsageException.environment("token exchange needs " + SUBJECT_TOKEN_FILE + ", " + TRUST_POLICY
					+ " and " + ORG + ": " + and(missing) + ((missing.size() == 1) ? " is" : " are") + " not set");
		}
		String policy = value(environment, TRUST_POLICY).orElseThrow();
		if (!TokenExchange.isTrustPolicyName(policy)) {
			throw UsageException.environment(TRUST_POLICY + " must be a trust policy's name (1 to 100 letters, digits, "
					+ "dots, underscores or hyphens), not '" + policy + "'");
		}
		String org = value(environment, ORG).orElseThrow();
		if (!TokenExchange.isOrgSlug(org)) {
			throw UsageException.environment(ORG + " must be an org's slug (lower-case letters, digits and inner "
					+ "hyphens), not '" + org + "'");
		}
		return Optional
			.of(new TokenExchange(Path.of(value(environment, SUBJECT_TOKEN_FILE).orElseThrow()), policy, org));
	}

	/** How to authenticate, for the commands that cannot work without it. */
	static Authentication requireAuthentication(Map<String, String> environment) throws UsageException {
		return authentication(environment).orElseThrow(() -> UsageException
			.environment("no machine credential and no token exchange: set " + CREDENTIAL + " or " + CREDENTIAL_FILE
					+ ", or " + SUBJECT_TOKEN_FILE + ", " + TRUST_POLICY + " and " + ORG));
	}

	/**
	 * The machine credential, from {@code SIGIL_MACHINE_CREDENTIAL} or
	 * {@code SIGIL_MACHINE_CREDENTIAL_FILE}.
	 */
	static Optional<MachineCredential> credential(Map<String, String> environment) throws UsageException {
		Optional<String> value = value(environment, CREDENTIAL);
		Optional<String> file = value(environment, CREDENTIAL_FILE);
		if (value.isPresent() && file.isPresent()) {
			throw UsageException.environment("set only one of " + CREDENTIAL + " and " + CREDENTIAL_FILE);
		}
		return (value.isPresent()) ? value.map(MachineCredential::of)
				: file.map((path) -> MachineCredential.fromFile(Path.of(path)));
	}

	/** The platform's URL, for the commands that talk to the platform. */
	URI requirePlatformUrl() throws UsageException {
		return this.platformUrl.orElseThrow(() -> UsageException
			.environment(URL + " is not set: give the platform's internal API base URL, such as "
					+ "https://sigil-internal.example.net:8081"));
	}

	private static Optional<URI> platformUrl(Map<String, String> environment) throws UsageException {
		// Read first, so that a bad value is reported whatever the URL.
		boolean allowInsecure = flag(environment, ALLOW_INSECURE_URL);
		Optional<String> value = value(environment, URL);
		if (value.isEmpty()) {
			return Optional.empty();
		}
		try {
			URI url = new URI(value.get());
			if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
				throw UsageException.environment(URL + " must be an http or https URL with a host, not " + value.get());
			}
			// Every request carries the long-lived machine credential, or the subject
			// token that stands for it:
			// over plain http it could be read by anyone on the path. Loopback traffic
			// never leaves the machine;
			// anything else needs an explicit opt-in from whoever knows the network
			// protects it.
			if ("http".equals(url.getScheme()) && !allowInsecure && !LoopbackHost.is(url.getHost())) {
				String secret = value(environment, SUBJECT_TOKEN_FILE).isPresent() ? "the subject token"
						: "the machine credential";
				throw UsageException
					.environment(URL + " is plain http to " + url.getHost() + ", which is not a loopback " + "address: "
							+ secret + " would travel unencrypted. Use https, or set " + ALLOW_INSECURE_URL
							+ "=true if the network already protects the connection");
			}
			return Optional.of(url);
		}
		catch (URISyntaxException ex) {
			throw UsageException.environment(URL + " is not a URL: " + ex.getMessage());
		}
	}

	/** Reads {@code true} or {@code false}; unset is {@code false}. */
	private static boolean flag(Map<String, String> environment, String name) throws UsageException {
		Optional<String> value = value(environment, name);
		if (value.isEmpty()) {
			return false;
		}
		return switch (value.get()) {
			case "true" -> true;
			case "false" -> false;
			default -> throw UsageException.environment(name + " must be true or false, not '" + value.get() + "'");
		};
	}

	/**
	 * Reads {@code 9m}, {@code 30s}, {@code 1h30m}, {@code 500ms} or ISO-8601 such as
	 * {@code PT9M}.
	 */
	static Optional<Duration> duration(Map<String, String> environment, String name) throws UsageException {
		Optional<String> value = value(environment, name);
		if (value.isEmpty()) {
			return Optional.empty();
		}
		Duration duration = parseDuration(value.get());
		if (duration == null || duration.isZero() || duration.isNegative()) {
			throw UsageException
				.environment(name + " must be a positive duration such as 9m, 30s or 1h30m, not '" + value.get() + "'");
		}
		return Optional.of(duration);
	}

	private static Duration parseDuration(String text) {
		if (text.startsWith("P") || text.startsWith("p")) {
			try {
				return Duration.parse(text);
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}
		Matcher part = DURATION_PART.matcher(text);
		Duration total = Duration.ZERO;
		int end = 0;
		while (part.find() && part.start() == end) {
			long amount = Long.parseLong(part.group(1));
			total = total.plus(switch (part.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			});
			end = part.end();
		}
		return (end == text.length() && end > 0) ? total : null;
	}

	/**
	 * The variables of those named that are set to something other than blanks, in that
	 * order.
	 */
	private static List<String> present(Map<String, String> environment, String... names) {
		List<String> present = new ArrayList<>();
		for (String name : names) {
			if (value(environment, name).isPresent()) {
				present.add(name);
			}
		}
		return present;
	}

	/** {@code A}, {@code A and B}, {@code A, B and C}. */
	private static String and(List<String> names) {
		int last = names.size() - 1;
		return (last == 0) ? names.get(0) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
	}

	private static Optional<String> value(Map<String, String> environment, String name) {
		return Optional.ofNullable(environment.get(name)).map(String::strip).filter((value) -> !value.isEmpty());
	}

}
