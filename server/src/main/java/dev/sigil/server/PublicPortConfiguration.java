package dev.sigil.server;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Opens the public port beside the internal one ({@code server.port}) and keeps each port to its own
 * paths: the public port serves only issuer documents.
 */
@Configuration(proxyBeanMethods = false)
class PublicPortConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> publicPortConnector(
			@Value("${sigil.public-port:8080}") int publicPort, @Value("${server.port:8081}") int internalPort) {
		if (publicPort == internalPort) {
			throw new IllegalStateException("SIGIL_PUBLIC_PORT and SIGIL_INTERNAL_PORT must differ (both are "
					+ publicPort + "): the internal API must never be reachable on the public port");
		}
		return (factory) -> {
			Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
			connector.setPort(publicPort);
			factory.addAdditionalConnectors(connector);
		};
	}

	@Bean
	FilterRegistrationBean<PortRoutingFilter> portRoutingFilter(@Value("${sigil.public-port:8080}") int publicPort) {
		FilterRegistrationBean<PortRoutingFilter> registration = new FilterRegistrationBean<>(
				new PortRoutingFilter(publicPort));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
