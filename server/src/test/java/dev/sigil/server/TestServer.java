package dev.sigil.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import dev.sigil.db.test.TestDatabase;
import dev.sigil.db.test.TestClock;

/**
 * A whole server started in this JVM on ports of its own and the test database, with the
 * properties a test gives it, for tests that need several servers or settings of their
 * own.
 */
final class TestServer implements AutoCloseable {

	final TestPorts ports;

	final SigilClient client;

	private final ConfigurableApplicationContext context;

	private TestServer(TestPorts ports, ConfigurableApplicationContext context) {
		this.ports = ports;
		this.client = new SigilClient(ports);
		this.context = context;
	}

	/**
	 * Starts a server; later properties override earlier ones (the defaults come first).
	 */
	static TestServer start(String... properties) {
		return start(new TestPorts(), properties);
	}

	static TestServer start(TestPorts ports, String... properties) {
		TestDatabase database = TestDatabase.get();
		List<String> all = new ArrayList<>(ports.properties());
		all.addAll(List.of("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.applicationUsername(),
				"spring.datasource.password=" + database.applicationPassword(),
				"spring.flyway.user=" + database.username(), "spring.flyway.password=" + database.password(),
				"sigil.rate-limit.machine-per-minute=0", "sigil.rate-limit.org-per-second=0"));
		all.addAll(List.of(properties));
		// A name given twice on the command line would bind as "first,second": keep the
		// last.
		Map<String, String> byName = new LinkedHashMap<>();
		for (String property : all) {
			int equals = property.indexOf('=');
			byName.put(property.substring(0, equals), property.substring(equals + 1));
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SigilServerApplication.class,
				MovableClock.class)
			.run(byName.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new));
		return new TestServer(ports, context);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	static class MovableClock {

		@Bean
		@Primary
		TestClock testClock() {
			return TestClock.followingRealTime();
		}

	}

}
