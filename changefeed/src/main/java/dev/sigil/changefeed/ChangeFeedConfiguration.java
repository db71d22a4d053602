package dev.sigil.changefeed;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The change feed on a connection of its own, opened with the application's database settings but
 * outside its pool, so that a busy pool never delays a revocation and the feed never takes a pooled
 * connection from the token path.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChangeFeedProperties.class)
public class ChangeFeedConfiguration {

	@Bean
	ChangeFeed changeFeed(DataSourceProperties dataSource, ChangeFeedProperties properties, MeterRegistry meters) {
		return new ChangeFeed(dataSource.initializeDataSourceBuilder().type(SimpleDriverDataSource.class).build(),
				properties, meters);
	}

	@Bean
	HealthIndicator changeFeedHealthIndicator(ChangeFeed feed) {
		return new ChangeFeedHealthIndicator(feed);
	}

}
