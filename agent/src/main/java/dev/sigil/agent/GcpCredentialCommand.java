package dev.sigil.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

import dev.sigil.agent.gcp.ExecutableCredentialResponse;
import dev.sigil.agent.log.AgentLog;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenFile;
import dev.sigil.agent.token.TokenSource;

/**
 * {@code gcp-credential [--aud AUD]}: the executable Google's auth libraries run for an
 * executable-sourced external account credential. It prints their response, success or
 * failure, and caches a success in the output file the credential configuration names, if
 * any.
 */
final class GcpCredentialCommand {

	private final TokenSource source;

	private final Optional<String> audience;

	private final Optional<Path> outputFile;

	private final PrintStream out;

	private final AgentLog log;

	GcpCredentialCommand(TokenSource source, Optional<String> audience, Optional<Path> outputFile, PrintStream out,
			AgentLog log) {
		this.source = source;
		this.audience = audience;
		this.outputFile = outputFile;
		this.out = out;
		this.log = log;
	}

	int execute() {
		MachineToken token;
		try {
			token = this.source.fetch(this.audience);
		}
		catch (TokenException ex) {
			this.log.error("no token: " + ex.getMessage());
			String code = (ex.status() > 0) ? Integer.toString(ex.status()) : "unavailable";
			print(ExecutableCredentialResponse.failure(code, "sigil-agent: " + ex.getMessage()));
			return 1;
		}
		String response = ExecutableCredentialResponse.success(token);
		if (this.outputFile.isPresent()) {
			try {
				new TokenFile(this.outputFile.get()).write(response);
			}
			catch (IOException ex) {
				this.log.warn("cannot cache the response in " + this.outputFile.get() + ": " + ex);
			}
		}
		print(response);
		return 0;
	}

	private void print(String response) {
		this.out.println(response);
		this.out.flush();
	}

}
