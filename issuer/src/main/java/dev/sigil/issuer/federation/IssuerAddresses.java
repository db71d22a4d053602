package dev.sigil.issuer.federation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.network.IpLiteral;

/**
 * Where Sigil may fetch an outside issuer's discovery document and keys from:
 * {@code https} only, and never an address inside the platform's own network (loopback,
 * private, link-local such as a cloud's metadata service, unique-local, carrier NAT),
 * which would let a trust policy probe it. Development and tests may allow both
 * ({@code sigil.federation.allow-http-issuers}).
 */
final class IssuerAddresses {

	private final boolean allowInsecure;

	IssuerAddresses(boolean allowInsecure) {
		this.allowInsecure = allowInsecure;
	}

	boolean allowsInsecure() {
		return this.allowInsecure;
	}

	/**
	 * Refuses, naming the field, a URL that may not be fetched; a host name is checked
	 * when resolved.
	 */
	void checkUrl(String field, URI url) {
		String scheme = url.getScheme();
		if (!"https".equals(scheme) && !(this.allowInsecure && "http".equals(scheme))) {
			throw SigilException.invalid(field + " must be an https URL" + (this.allowInsecure ? " or http" : "")
					+ " (plain http only with SIGIL_FEDERATION_ALLOW_HTTP_ISSUERS=true, for development)");
		}
		if (url.getHost() == null) {
			throw SigilException.invalid(field + " must name a host");
		}
		String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
				: url.getHost();
		IpLiteral.parse(host).filter((address) -> !allows(address)).ifPresent((address) -> {
			throw SigilException.invalid(field + " names an address inside the platform's network ("
					+ address.getHostAddress() + "); only with SIGIL_FEDERATION_ALLOW_HTTP_ISSUERS=true");
		});
		if (!this.allowInsecure && host.equalsIgnoreCase("localhost")) {
			throw SigilException
				.invalid(field + " names localhost; only with SIGIL_FEDERATION_ALLOW_HTTP_ISSUERS=true");
		}
	}

	/** Whether a resolved address may be connected to. */
	boolean allows(InetAddress address) {
		if (this.allowInsecure) {
			return true;
		}
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet6Address) {
			// fc00::/7 unique local; site-local fec0::/10 is covered above.
			return (bytes[0] & 0xfe) != 0xfc;
		}
		// 100.64.0.0/10 carrier-grade NAT, 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15
		// benchmarking.
		int first = bytes[0] & 0xff;
		int second = bytes[1] & 0xff;
		return !(first == 0 || (first == 100 && (second & 0xc0) == 64) || (first == 192 && second == 0 && bytes[2] == 0)
				|| (first == 198 && (second & 0xfe) == 18));
	}

}
