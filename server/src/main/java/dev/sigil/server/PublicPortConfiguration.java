package dev.sigil.server;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Opens the public port beside the internal one ({@code server.port}) and keeps each port to its own
 * paths: the public port serves only issuer documents. The public connector gets the internal one's
 * limits and its own threads, so that a flood from the internet queues on the public port and never
 * takes a thread from the machines.
 */
@Configuration(proxyBeanMethods = false)
class PublicPortConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> publicPortConnector(
			@Value("${sigil.public-port:8080}") int publicPort, @Value("${server.port:8081}") int internalPort,
			TomcatServerProperties tomcat) {
		if (publicPort == internalPort) {
			throw new IllegalStateException("SIGIL_PUBLIC_PORT and SIGIL_INTERNAL_PORT must differ (both are "
					+ publicPort + "): the internal API must never be reachable on the public port");
		}
		return (factory) -> {
			Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
			connector.setPort(publicPort);
			limit(connector, tomcat);
			factory.addAdditionalConnectors(connector);
		};
	}

	/** The limits Spring Boot applies to the main connector, applied to another. */
	static void limit(Connector connector, TomcatServerProperties tomcat) {
		if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
			protocol.setMaxThreads(tomcat.getThreads().getMax());
			protocol.setMinSpareThreads(tomcat.getThreads().getMinSpare());
			protocol.setMaxConnections(tomcat.getMaxConnections());
			protocol.setAcceptCount(tomcat.getAcceptCount());
			if (tomcat.getConnectionTimeout() != null) {
				protocol.setConnectionTimeout((int) tomcat.getConnectionTimeout().toMillis());
			}
			if (tomcat.getKeepAliveTimeout() != null) {
				protocol.setKeepAliveTimeout((int) tomcat.getKeepAliveTimeout().toMillis());
			}
		}
		if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
			http.setMaxKeepAliveRequests(tomcat.getMaxKeepAliveRequests());
			http.setMaxSwallowSize((int) tomcat.getMaxSwallowSize().toBytes());
			http.setMaxHttpRequestHeaderSize(16 * 1024);
		}
	}

	@Bean
	FilterRegistrationBean<PortRoutingFilter> portRoutingFilter(@Value("${sigil.public-port:8080}") int publicPort) {
		FilterRegistrationBean<PortRoutingFilter> registration = new FilterRegistrationBean<>(
				new PortRoutingFilter(publicPort));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
