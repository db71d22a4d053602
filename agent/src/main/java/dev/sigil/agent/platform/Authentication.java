package dev.sigil.agent.platform;

import java.net.URI;
import java.time.Clock;

import dev.sigil.agent.token.TokenSource;

/**
 * How the agent proves to the platform which machine it is: with a machine credential it
 * holds ({@link MachineCredential}, sent to the machine token API), or with a token from
 * another platform that attests the workload ({@link TokenExchange}, exchanged at the
 * org's token endpoint). Either one makes the {@link TokenSource} that the token files,
 * the socket and the commands use; nothing else in the agent needs to know which it has.
 */
public sealed interface Authentication permits MachineCredential, TokenExchange {

	/**
	 * The source of machine tokens from the platform at {@code platformUrl},
	 * authenticated this way.
	 */
	TokenSource client(URI platformUrl, Clock clock);

	/** What is used, for the log: names and paths, never a secret or a token. */
	String describe();

}
