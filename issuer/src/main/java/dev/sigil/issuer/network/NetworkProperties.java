package dev.sigil.issuer.network;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may tell Sigil a client's address, {@code sigil.network.*}.
 *
 * @param trustedProxies the proxies (CIDRs or single addresses,
 * {@code SIGIL_TRUSTED_PROXIES}) whose {@code X-Forwarded-For} is believed; none by
 * default, so the socket's peer is the client
 */
@ConfigurationProperties("sigil.network")
public record NetworkProperties(@DefaultValue List<String> trustedProxies) {

	public NetworkProperties {
		trustedProxies = trustedProxies.stream().map(String::strip).filter((cidr) -> !cidr.isEmpty()).toList();
	}

}
