package dev.sigil.issuer.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ports Sigil opens beside Spring Boot's own {@code server.port} (the internal port,
 * {@code SIGIL_INTERNAL_PORT}), {@code sigil.*}; together they are the {@link Ports}.
 *
 * @param publicPort port of the discovery documents, JWKS and token exchange
 * ({@code SIGIL_PUBLIC_PORT})
 * @param adminPort port of the management API and the admin UI ({@code SIGIL_ADMIN_PORT})
 */
@ConfigurationProperties("sigil")
public record PortProperties(@DefaultValue("8080") int publicPort, @DefaultValue("8082") int adminPort) {

	public PortProperties {
		Ports.check("SIGIL_PUBLIC_PORT", publicPort);
		Ports.check("SIGIL_ADMIN_PORT", adminPort);
	}

}
