package dev.sigil.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration table of {@code docs/operations.md} names every {@code sigil.*}
 * setting the modules declare (their configuration metadata: the records' generated
 * metadata and the server's additional metadata for the few read from the environment),
 * as the environment variable that sets it, and nothing else; so do the chart's ConfigMap
 * keys: none is a setting that does not exist.
 */
class ConfigurationTableTests {

	/**
	 * Variables whose names differ from their setting's: each is mapped in
	 * application.yml.
	 */
	private static final Map<String, String> MAPPED = Map.of("SIGIL_TRUSTED_PROXIES", "sigil.network.trusted-proxies",
			"SIGIL_INTERNAL_PORT", "server.port", "SIGIL_ADMIN_SESSION_TIMEOUT", "server.servlet.session.timeout",
			"SIGIL_ADMIN_SECURE_COOKIE", "server.servlet.session.cookie.secure", "SIGIL_TOMCAT_MAX_THREADS",
			"server.tomcat.threads.max", "SIGIL_TOMCAT_MAX_CONNECTIONS", "server.tomcat.max-connections",
			"SIGIL_DB_OWNER_USERNAME", "spring.flyway.user", "SIGIL_DB_OWNER_PASSWORD", "spring.flyway.password");

	private static final Pattern VARIABLE = Pattern.compile("^\\| `(SIGIL_[A-Z0-9_]+)`", Pattern.MULTILINE);

	@Test
	void tableWhenComparedWithTheMetadataThenNamesEverySettingAndNothingElse() throws IOException {
		Set<String> settings = settings();
		assertThat(settings).contains("sigil.token.lifetime", "sigil.kek", "sigil.audit.retention");
		Set<String> expected = new TreeSet<>();
		for (String setting : settings) {
			String variable = MAPPED.entrySet()
				.stream()
				.filter((mapped) -> mapped.getValue().equals(setting))
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(variableOf(setting));
			expected.add(variable);
		}
		expected.addAll(MAPPED.keySet());
		String yml = Files.readString(Path.of("src", "main", "resources", "application.yml"));
		MAPPED.keySet().forEach((variable) -> assertThat(yml).as(variable + " is mapped").contains("${" + variable));

		Set<String> documented = documented();
		assertThat(new TreeSet<>(expected) {
			{
				removeAll(documented);
			}
		}).as("settings missing from docs/operations.md's table").isEmpty();
		assertThat(new TreeSet<>(documented) {
			{
				removeAll(expected);
			}
		}).as("variables in the table that set nothing").isEmpty();
	}

	@Test
	void chartWhenItSetsVariablesThenEachIsASetting() throws IOException {
		Set<String> known = new TreeSet<>(MAPPED.keySet());
		settings().forEach((setting) -> known.add(variableOf(setting)));
		String templates = Files.readString(Path.of("..", "helm", "sigil", "templates", "configmap.yaml"))
				+ Files.readString(Path.of("..", "helm", "sigil", "templates", "deployment.yaml"));
		Matcher keys = Pattern.compile("\\b(SIGIL_[A-Z0-9_]+)\\b").matcher(templates);
		Set<String> used = new TreeSet<>();
		while (keys.find()) {
			used.add(keys.group(1));
		}
		assertThat(used).isNotEmpty();
		used.removeIf((variable) -> known.contains(variable) || variable.startsWith("SIGIL_ADMIN_SSO_"));
		assertThat(used).as("chart variables that are no setting").isEmpty();
	}

	private static Set<String> settings() throws IOException {
		Set<String> names = new TreeSet<>();
		for (String resource : new String[] { "META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json" }) {
			for (URL url : Collections.list(ConfigurationTableTests.class.getClassLoader().getResources(resource))) {
				try (InputStream in = url.openStream()) {
					JsonNode metadata = JsonMapper.shared().readTree(in);
					metadata.path("properties").forEach((property) -> {
						String name = property.get("name").asString();
						// The single sign-on registrations are a map:
						// SIGIL_ADMIN_SSO_<ID>_...
						if (name.startsWith("sigil.") && !name.equals("sigil.admin.sso")) {
							names.add(name);
						}
					});
				}
			}
		}
		return names;
	}

	private static Set<String> documented() throws IOException {
		String operations = Files.readString(Path.of("..", "docs", "operations.md"));
		String table = operations.substring(operations.indexOf("## Configuration"));
		Set<String> variables = new TreeSet<>();
		Matcher matcher = VARIABLE.matcher(table);
		while (matcher.find()) {
			variables.add(matcher.group(1));
		}
		Matcher inline = Pattern.compile("^\\| `(SIGIL_[A-Z0-9_]+)`, `(SIGIL_[A-Z0-9_]+)`", Pattern.MULTILINE)
			.matcher(table);
		while (inline.find()) {
			variables.add(inline.group(2));
		}
		variables.removeIf((variable) -> variable.startsWith("SIGIL_ADMIN_SSO_"));
		return variables;
	}

	private static String variableOf(String setting) {
		return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

}
