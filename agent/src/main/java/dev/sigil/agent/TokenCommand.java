package dev.sigil.agent;

import java.io.PrintStream;
import java.util.Optional;

import dev.sigil.agent.log.AgentLog;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/** {@code token [--aud AUD]}: prints one token on standard output, for scripts. */
final class TokenCommand {

	private final TokenSource source;

	private final Optional<String> audience;

	private final PrintStream out;

	private final AgentLog log;

	TokenCommand(TokenSource source, Optional<String> audience, PrintStream out, AgentLog log) {
		this.source = source;
		this.audience = audience;
		this.out = out;
		this.log = log;
	}

	int execute() {
		try {
			MachineToken token = this.source.fetch(this.audience);
			this.out.println(token.value());
			this.out.flush();
			return 0;
		}
		catch (TokenException ex) {
			this.log.error("no token: " + ex.getMessage());
			return 1;
		}
	}

}
