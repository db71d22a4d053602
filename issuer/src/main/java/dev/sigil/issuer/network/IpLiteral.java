package dev.sigil.issuer.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an IP address literal, and nothing else: a host name must never reach the
 * resolver (a header could then make the server look up names of the sender's choosing),
 * so the text is checked to be a dotted IPv4 address or an IPv6 address before
 * {@link InetAddress} parses it. The JDK resolves text that contains a colon as an IPv6
 * literal only.
 */
public final class IpLiteral {

	private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

	// The JDK parses text as an IPv6 literal, never a name, only when it starts with a
	// hex digit or a
	// colon and contains a colon.
	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

	private IpLiteral() {
	}

	public static Optional<InetAddress> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		String candidate = text.strip();
		boolean v4 = IPV4.matcher(candidate).matches();
		boolean v6 = !v4 && candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches();
		if (!v4 && !v6) {
			return Optional.empty();
		}
		if (v4) {
			for (String octet : candidate.split("\\.")) {
				if (Integer.parseInt(octet) > 255) {
					return Optional.empty();
				}
			}
		}
		try {
			return Optional.of(InetAddress.getByName(candidate));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

}
