package dev.sigil.server;

import jakarta.servlet.DispatcherType;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sigil.issuer.web.FilterOrder;
import dev.sigil.issuer.web.Ports;

/**
 * Opens the public and admin ports beside the internal one ({@code server.port}) and
 * keeps each port to its own paths (the {@link Ports} come from the issuer module's
 * settings). The extra connectors get the internal one's limits and threads of their own,
 * so that a flood on one port queues there and never takes a thread from the machines.
 */
@Configuration(proxyBeanMethods = false)
class PortsConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> extraConnectors(Ports ports,
			TomcatServerProperties tomcat) {
		return (factory) -> {
			factory.addAdditionalConnectors(connector(ports.publicPort(), tomcat));
			factory.addAdditionalConnectors(connector(ports.adminPort(), tomcat));
		};
	}

	private static Connector connector(int port, TomcatServerProperties tomcat) {
		Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		connector.setPort(port);
		limit(connector, tomcat);
		return connector;
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
	FilterRegistrationBean<PortRoutingFilter> portRoutingFilter(Ports ports) {
		FilterRegistrationBean<PortRoutingFilter> registration = new FilterRegistrationBean<>(
				new PortRoutingFilter(ports));
		registration.setOrder(FilterOrder.PORT_ROUTING);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ProblemErrorFilter> problemErrorFilter(Ports ports) {
		FilterRegistrationBean<ProblemErrorFilter> registration = new FilterRegistrationBean<>(
				new ProblemErrorFilter(ports));
		registration.setDispatcherTypes(DispatcherType.ERROR);
		registration.setOrder(FilterOrder.PORT_ROUTING);
		return registration;
	}

}
