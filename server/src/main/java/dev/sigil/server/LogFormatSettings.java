package dev.sigil.server;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code SIGIL_LOG_FORMAT}: {@code text} (the default, for people) or {@code json}, one
 * JSON object per line in Elastic Common Schema through Spring Boot's structured logging,
 * for log pipelines. Runs before the logging system starts, so the first line is already
 * in the chosen format.
 */
class LogFormatSettings implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty("sigil.log-format", "text");
		switch (format) {
			case "text" -> {
			}
			case "json" -> environment.getPropertySources()
				.addFirst(new MapPropertySource("sigilLogFormat", Map.of("logging.structured.format.console", "ecs")));
			default -> throw new IllegalStateException(
					"SIGIL_LOG_FORMAT must be text or json, got '" + format.replaceAll("[^\\x20-\\x7E]", "?") + "'");
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
