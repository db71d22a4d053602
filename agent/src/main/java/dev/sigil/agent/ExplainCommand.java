package dev.sigil.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sigil.agent.json.Json;
import dev.sigil.agent.json.JsonException;
import dev.sigil.agent.log.AgentLog;
import dev.sigil.agent.platform.ExplainClient;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/**
 * {@code explain [--aud AUD] [--token-file FILE] [--aws-trust-policy FILE]}: asks the
 * platform why this machine's token (the token file's, or a fresh one) would be refused,
 * and prints each check. Exit status 0 when the token is valid, 1 when it is not or no
 * answer came. The token is never printed.
 */
final class ExplainCommand {

	private final ExplainClient platform;

	private final TokenSource source;

	private final Path tokenFile;

	private final Optional<String> audience;

	private final Optional<Path> policyFile;

	private final PrintStream out;

	private final AgentLog log;

	ExplainCommand(ExplainClient platform, TokenSource source, Path tokenFile, Optional<String> audience,
			Optional<Path> policyFile, PrintStream out, AgentLog log) {
		this.platform = platform;
		this.source = source;
		this.tokenFile = tokenFile;
		this.audience = audience;
		this.policyFile = policyFile;
		this.out = out;
		this.log = log;
	}

	int execute() throws UsageException {
		Optional<String> policy = policy();
		try {
			String token;
			if (Files.isRegularFile(this.tokenFile)) {
				token = Files.readString(this.tokenFile, StandardCharsets.US_ASCII).strip();
				this.out.println("token: " + this.tokenFile);
			}
			else {
				token = this.source.fetch(this.audience).value();
				this.out.println("token: a fresh one from the platform (no file at " + this.tokenFile + ")");
			}
			Map<String, Object> answer = Json.parseObject(this.platform.explain(token, this.audience, policy));
			boolean valid = Boolean.TRUE.equals(answer.get("valid"));
			this.out.println(valid ? "VALID" : "REFUSED");
			this.out.println("reason: " + answer.get("reason"));
			if (answer.get("checks") instanceof List<?> checks) {
				for (Object one : checks) {
					if (one instanceof Map<?, ?> check) {
						this.out.println((Boolean.TRUE.equals(check.get("ok")) ? "  ok    " : "  FAIL  ")
								+ check.get("name") + ": " + check.get("detail"));
					}
				}
			}
			this.out.flush();
			return valid ? 0 : 1;
		}
		catch (TokenException ex) {
			this.log.error("no explanation: " + ex.getMessage());
			return 1;
		}
		catch (IOException ex) {
			this.log.error("cannot read the token file " + this.tokenFile + ": " + ex.getMessage());
			return 1;
		}
		catch (JsonException ex) {
			this.log.error("the platform's answer is not JSON: " + ex.getMessage());
			return 1;
		}
	}

	private Optional<String> policy() throws UsageException {
		if (this.policyFile.isEmpty()) {
			return Optional.empty();
		}
		try {
			String text = Files.readString(this.policyFile.get(), StandardCharsets.UTF_8);
			Json.parseObject(text);
			return Optional.of(text);
		}
		catch (IOException ex) {
			throw UsageException.commandLine("cannot read --aws-trust-policy " + this.policyFile.get() + ": " + ex);
		}
		catch (JsonException ex) {
			throw UsageException.commandLine(
					"--aws-trust-policy " + this.policyFile.get() + " is not a JSON object: " + ex.getMessage());
		}
	}

}
