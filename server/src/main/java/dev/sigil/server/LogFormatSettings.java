package dev.sigil.server;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code SIGIL_LOG_FORMAT} ({@link LogProperties}): {@code text} (the default, for
 * people) or {@code json}, one JSON object per line in Elastic Common Schema through
 * Spring Boot's structured logging, for log pipelines. Runs before the logging system
 * starts, so the first line is already in the chosen format; no bean exists yet, so it
 * binds the settings itself.
 */
class LogFormatSettings implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		LogProperties log = Binder.get(environment).bindOrCreate("sigil", LogProperties.class);
		if (log.json()) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("sigilLogFormat", Map.of("logging.structured.format.console", "ecs")));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
