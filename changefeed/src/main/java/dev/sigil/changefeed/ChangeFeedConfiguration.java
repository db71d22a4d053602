package dev.sigil.changefeed;

import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The change feed on a connection of its own, opened with the application's database
 * settings but outside its pool, so that a busy pool never delays a revocation and the
 * feed never takes a pooled connection from the token path.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChangeFeedProperties.class)
public class ChangeFeedConfiguration {

	@Bean
	ChangeFeed changeFeed(DataSourceProperties dataSource, ChangeFeedProperties properties, MeterRegistry meters) {
		SimpleDriverDataSource connections = dataSource.initializeDataSourceBuilder()
			.type(SimpleDriverDataSource.class)
			.build();
		// A half-open connection (after a failover) must fail in seconds, not at the
		// kernel's TCP timeout.
		Properties timeouts = new Properties();
		timeouts.setProperty("connectTimeout", "5");
		timeouts.setProperty("socketTimeout",
				Long.toString(properties.statementTimeout().plus(properties.pollInterval()).toSeconds() + 5));
		timeouts.setProperty("tcpKeepAlive", "true");
		connections.setConnectionProperties(timeouts);
		return new ChangeFeed(connections, properties, meters);
	}

	@Bean
	HealthIndicator changeFeedHealthIndicator(ChangeFeed feed) {
		return new ChangeFeedHealthIndicator(feed);
	}

}
