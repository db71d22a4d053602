package dev.sigil.issuer.network;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address a request came from, as the audit ledger records it: the socket's peer,
 * unless that peer is a proxy the operator listed; then the right-most
 * {@code X-Forwarded-For} entry that is not itself a listed proxy. What a client writes
 * can never choose the result: with no proxies listed the header is not read at all; an
 * entry that is not an IP literal ends the walk (the last address known good is used);
 * only the right-most entries are read (padding the header on the left hides nothing).
 * The result is always a canonical IP literal. A trusted range must hold proxies only: if
 * it also holds clients, a client there can name any address it likes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7239#section-5.2">RFC 7239, section
 * 5.2</a>
 */
@Component
@EnableConfigurationProperties(NetworkProperties.class)
public class ClientAddresses {

	static final String FORWARDED_FOR = "X-Forwarded-For";

	/** The most characters of {@code X-Forwarded-For} read, and the most hops walked. */
	static final int MAX_HEADER_CHARS = 1024;

	static final int MAX_HOPS = 16;

	private final List<IpAddressMatcher> trusted;

	public ClientAddresses(NetworkProperties properties) {
		List<IpAddressMatcher> matchers = new ArrayList<>();
		for (String cidr : properties.trustedProxies()) {
			try {
				matchers.add(new IpAddressMatcher(cidr));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("SIGIL_TRUSTED_PROXIES (sigil.network.trusted-proxies) must list "
						+ "IP addresses or CIDRs such as 10.0.0.0/8; '" + cidr + "' is not one");
			}
		}
		this.trusted = List.copyOf(matchers);
	}

	/**
	 * The client's address as a canonical literal, or null if the peer's is not an IP
	 * address.
	 */
	public String of(HttpServletRequest request) {
		Optional<InetAddress> peer = IpLiteral.parse(request.getRemoteAddr());
		if (peer.isEmpty()) {
			return null;
		}
		InetAddress client = peer.get();
		if (this.trusted.isEmpty() || !isTrusted(client)) {
			return client.getHostAddress();
		}
		List<String> hops = hops(request);
		for (int i = hops.size() - 1; i >= 0; i--) {
			Optional<InetAddress> hop = IpLiteral.parse(hops.get(i));
			if (hop.isEmpty()) {
				break;
			}
			client = hop.get();
			if (!isTrusted(client)) {
				break;
			}
		}
		return client.getHostAddress();
	}

	private boolean isTrusted(InetAddress address) {
		String literal = address.getHostAddress();
		return this.trusted.stream().anyMatch((matcher) -> matcher.matches(literal));
	}

	/**
	 * The header's right-most entries, in order, from every header line: at most
	 * {@link #MAX_HOPS} entries of the last {@link #MAX_HEADER_CHARS} characters. An
	 * entry cut by that bound is dropped.
	 */
	private static List<String> hops(HttpServletRequest request) {
		String header = String.join(",", Collections.list(request.getHeaders(FORWARDED_FOR)));
		boolean cut = header.length() > MAX_HEADER_CHARS;
		String tail = cut ? header.substring(header.length() - MAX_HEADER_CHARS) : header;
		List<String> hops = new ArrayList<>(List.of(tail.split(",", -1)));
		if (cut) {
			hops.remove(0);
		}
		return (hops.size() > MAX_HOPS) ? hops.subList(hops.size() - MAX_HOPS, hops.size()) : hops;
	}

}
