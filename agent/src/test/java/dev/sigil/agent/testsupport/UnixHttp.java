package dev.sigil.agent.testsupport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a unix socket, written apart from the agent's own so that
 * it checks it.
 */
public final class UnixHttp {

	private UnixHttp() {
	}

	public static Response exchange(Path socket, String method, String path, String body) throws IOException {
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
				+ ((body != null) ? "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n" : "")
				+ "\r\n";
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
			channel.write(ByteBuffer.wrap(content));
			String response = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
			return Response.parse(response);
		}
	}

	public static Response post(Path socket, String body) throws IOException {
		return exchange(socket, "POST", "/v1/tokens/oidc", body);
	}

	/** A response: status, header fields by lower-case name, body. */
	public record Response(int status, Map<String, String> headers, String body) {

		static Response parse(String response) {
			int end = response.indexOf("\r\n\r\n");
			String[] lines = response.substring(0, end).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(end + 4));
		}

	}

}
