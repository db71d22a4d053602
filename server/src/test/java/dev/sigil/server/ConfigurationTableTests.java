package dev.sigil.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * as the environment variable that sets it, and nothing else. The chart sets every one of
 * them but the few in {@link #NOT_IN_CHART}, and no variable that is no setting.
 */
class ConfigurationTableTests {

	/**
	 * Settings the chart leaves out on purpose, each with its reason. Every other setting
	 * must have a chart value that reaches the server's environment (configmap.yaml, or
	 * deployment.yaml for secrets and ports), documented in values.yaml. The single
	 * sign-on registrations ({@code SIGIL_ADMIN_SSO_<ID>_...}) are a map, set through
	 * {@code extraEnv} beside the Spring Security client registration they belong to.
	 */
	private static final Map<String, String> NOT_IN_CHART = Map.of(
			// Development mode: the chart requires a KEK and refuses these in extraEnv.
			"SIGIL_DEV_MODE", "development only: keeps a KEK in the clear in the pod", "SIGIL_DEV_KEK_FILE",
			"development mode's KEK file, refused with it",
			// Plain http is for development and tests; extraEnv sets it if ever needed.
			"SIGIL_FEDERATION_ALLOW_HTTP_ISSUERS", "development and tests only: plain-http outside issuers",
			"SIGIL_SIEM_ALLOW_HTTP", "development and tests only: a plain-http SIEM endpoint",
			// The chart passes the token's PIN from a Secret as SIGIL_PKCS11_PIN.
			"SIGIL_PKCS11_PIN_FILE", "the chart gives the PIN from a Secret as SIGIL_PKCS11_PIN");

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
		Set<String> expected = variables(settings);
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
		Set<String> used = chartVariables();
		used.removeIf((variable) -> known.contains(variable) || variable.startsWith("SIGIL_ADMIN_SSO_"));
		assertThat(used).as("chart variables that are no setting").isEmpty();
	}

	@Test
	void chartWhenRenderedThenSetsEverySettingButTheExcludedOnes() throws IOException {
		Set<String> variables = variables(settings());
		Set<String> chart = chartVariables();

		assertThat(NOT_IN_CHART.keySet()).as("exclusions that are no setting").isSubsetOf(variables);
		assertThat(chart).as("excluded settings the chart sets after all")
			.doesNotContainAnyElementsOf(NOT_IN_CHART.keySet());
		Set<String> missing = new TreeSet<>(variables);
		missing.removeAll(chart);
		missing.removeAll(NOT_IN_CHART.keySet());
		assertThat(missing)
			.as("settings the chart cannot set: add a value (values.yaml, values.schema.json, the "
					+ "README's values table, configmap.yaml) or an exclusion with its reason to NOT_IN_CHART")
			.isEmpty();
	}

	@Test
	void chartWhenItSetsAVariableThenValuesYamlNamesIt() throws IOException {
		String values = Files.readString(Path.of("..", "helm", "sigil", "values.yaml"));

		Set<String> undocumented = chartVariables();
		undocumented.removeIf((variable) -> values.contains("`" + variable + "`"));

		assertThat(undocumented).as("variables the chart sets that no comment in values.yaml names").isEmpty();
	}

	@Test
	void metadataWhenARecordDeclaresASettingThenTheAdditionalMetadataDoesNot() throws IOException {
		Set<String> declared = new TreeSet<>();
		for (JsonNode property : properties("META-INF/spring-configuration-metadata.json")) {
			String name = property.get("name").asString();
			if (name.startsWith("sigil.") && property.hasNonNull("sourceType")) {
				declared.add(name);
			}
		}
		Set<String> additional = new TreeSet<>();
		for (JsonNode property : properties("META-INF/additional-spring-configuration-metadata.json")) {
			String name = property.get("name").asString();
			if (name.startsWith("sigil.")) {
				additional.add(name);
			}
		}

		assertThat(declared).as("settings the records declare").contains("sigil.public-port", "sigil.db.schema");
		assertThat(additional).as("additional metadata of settings a record declares (remove it there)")
			.doesNotContainAnyElementsOf(declared);
	}

	/** The variables the chart's ConfigMap and Deployment set. */
	private static Set<String> chartVariables() throws IOException {
		String templates = Files.readString(Path.of("..", "helm", "sigil", "templates", "configmap.yaml"))
				+ Files.readString(Path.of("..", "helm", "sigil", "templates", "deployment.yaml"));
		Matcher keys = Pattern.compile("\\b(SIGIL_[A-Z0-9_]+)\\b").matcher(templates);
		Set<String> used = new TreeSet<>();
		while (keys.find()) {
			used.add(keys.group(1));
		}
		assertThat(used).isNotEmpty();
		return used;
	}

	private static Set<String> settings() throws IOException {
		Set<String> names = new TreeSet<>();
		for (String resource : new String[] { "META-INF/spring-configuration-metadata.json",
				"META-INF/additional-spring-configuration-metadata.json" }) {
			for (JsonNode property : properties(resource)) {
				String name = property.get("name").asString();
				// The single sign-on registrations are a map: SIGIL_ADMIN_SSO_<ID>_...
				if (name.startsWith("sigil.") && !name.equals("sigil.admin.sso")) {
					names.add(name);
				}
			}
		}
		return names;
	}

	/** The properties of every metadata file of this name on the class path. */
	private static List<JsonNode> properties(String resource) throws IOException {
		List<JsonNode> properties = new ArrayList<>();
		for (URL url : Collections.list(ConfigurationTableTests.class.getClassLoader().getResources(resource))) {
			try (InputStream in = url.openStream()) {
				JsonMapper.shared().readTree(in).path("properties").forEach(properties::add);
			}
		}
		return properties;
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

	/**
	 * The variables that set these settings, and those mapped in application.yml: each
	 * setting's own, or the one mapped to it.
	 */
	private static Set<String> variables(Set<String> settings) {
		Set<String> variables = new TreeSet<>(MAPPED.keySet());
		for (String setting : settings) {
			variables.add(MAPPED.entrySet()
				.stream()
				.filter((mapped) -> mapped.getValue().equals(setting))
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(variableOf(setting)));
		}
		return variables;
	}

	private static String variableOf(String setting) {
		return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

}
