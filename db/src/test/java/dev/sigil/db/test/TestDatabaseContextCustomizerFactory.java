package dev.sigil.db.test;

import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context of every module at the {@link TestDatabase}, so that
 * no test can reach a developer's own database by accident.
 */
public final class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new TestDatabaseContextCustomizer();
	}

	private static final class TestDatabaseContextCustomizer implements ContextCustomizer {

		private static final String SOURCE_NAME = "sigilTestDatabase";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ConfigurableEnvironment environment = context.getEnvironment();
			PropertiesPropertySource source = new PropertiesPropertySource(SOURCE_NAME,
					TestDatabase.asProperties(TestDatabase.get()));
			if (environment.getPropertySources().contains("Inlined Test Properties")) {
				environment.getPropertySources().addAfter("Inlined Test Properties", source);
			}
			else {
				environment.getPropertySources().addFirst(source);
			}
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof TestDatabaseContextCustomizer;
		}

		@Override
		public int hashCode() {
			return TestDatabaseContextCustomizer.class.hashCode();
		}

	}

}
