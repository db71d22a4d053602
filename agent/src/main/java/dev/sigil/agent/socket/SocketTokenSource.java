package dev.sigil.agent.socket;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import dev.sigil.agent.http.HttpMessage;
import dev.sigil.agent.http.HttpProtocolException;
import dev.sigil.agent.json.Json;
import dev.sigil.agent.platform.PlatformClient;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/**
 * Asks a running agent for a token through its socket: how the {@code token} and
 * {@code gcp-credential} commands work inside the workload, which does not hold the
 * credential.
 */
public final class SocketTokenSource implements TokenSource {

	private final Path socket;

	private final Clock clock;

	public SocketTokenSource(Path socket, Clock clock) {
		this.socket = socket.toAbsolutePath();
		this.clock = clock;
	}

	@Override
	public MachineToken fetch(Optional<String> audience) throws TokenException {
		HttpMessage response = exchange(audience);
		byte[] body = response.body();
		if (response.status() != 200) {
			throw TokenException.refused(response.status(), response.header("Content-Type").orElse(null), body);
		}
		try {
			return MachineToken.parse(new String(body, StandardCharsets.UTF_8).strip(), this.clock.instant());
		}
		catch (IllegalArgumentException ex) {
			throw TokenException.unreachable("the agent at " + this.socket + " answered 200 without a usable token",
					ex);
		}
	}

	private HttpMessage exchange(Optional<String> audience) throws TokenException {
		byte[] body = audience.map((aud) -> "{\"aud\":" + Json.quote(aud) + "}")
			.orElse("")
			.getBytes(StandardCharsets.UTF_8);
		String head = "POST " + PlatformClient.TOKEN_PATH + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(this.socket))) {
			OutputStream out = Channels.newOutputStream(channel);
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return HttpMessage.readResponse(new BufferedInputStream(Channels.newInputStream(channel)));
		}
		catch (IOException ex) {
			throw TokenException.unreachable("cannot reach the agent at " + this.socket + ": " + ex, ex);
		}
		catch (HttpProtocolException ex) {
			throw TokenException.unreachable("the agent at " + this.socket + " answered badly: " + ex.getMessage(), ex);
		}
	}

}
