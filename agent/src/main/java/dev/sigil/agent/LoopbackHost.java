package dev.sigil.agent;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells whether a URL's host names this machine's loopback interface: {@code localhost},
 * an IPv4 literal in 127.0.0.0/8 or the IPv6 literal {@code ::1}. It reads the text only
 * and never resolves a name: a DNS answer is exactly what an attacker on the network
 * could forge, and a name such as {@code 127.example.com} or
 * {@code localhost.example.com} can point anywhere.
 */
final class LoopbackHost {

	// Four decimal octets without leading zeros: other spellings (127.1, 0177.0.0.1) are
	// read
	// differently by different resolvers, so they are refused rather than guessed at.
	private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

	private LoopbackHost() {
	}

	/**
	 * Whether {@code host}, as {@link java.net.URI#getHost()} gives it, is a loopback
	 * address.
	 */
	static boolean is(String host) {
		// URI keeps the brackets around an IPv6 literal; other spellings of ::1 are
		// refused, not parsed.
		return host.toLowerCase(Locale.ROOT).equals("localhost") || host.equals("[::1]") || host.equals("::1")
				|| isIpv4Loopback(host);
	}

	private static boolean isIpv4Loopback(String literal) {
		if (!IPV4.matcher(literal).matches()) {
			return false;
		}
		String[] octets = literal.split("\\.");
		for (String octet : octets) {
			if (Integer.parseInt(octet) > 255) {
				return false;
			}
		}
		return octets[0].equals("127");
	}

}
