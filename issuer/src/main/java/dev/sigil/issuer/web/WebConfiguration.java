package dev.sigil.issuer.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The server's {@link Ports}, which the issuer, the API and the server tell apart. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortProperties.class)
class WebConfiguration {

	@Bean
	Ports ports(PortProperties ports, ServerProperties server) {
		// server.port is SIGIL_INTERNAL_PORT (application.yml maps it, with its default).
		if (server.getPort() == null) {
			throw new IllegalStateException("SIGIL_INTERNAL_PORT (server.port) must be set");
		}
		return new Ports(ports.publicPort(), server.getPort(), ports.adminPort());
	}

}
