package dev.sigil.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The chart in {@code helm/sigil}, rendered by Helm itself (the Helm library that
 * helm-java bundles) with the values a test gives, as release {@value #RELEASE} in
 * namespace {@value #NAMESPACE}.
 */
final class SigilChart {

	static final String RELEASE = "sigil";

	static final String NAMESPACE = "identity";

	static final String KEK = "vf7FBdARGIe9ZKLVTIExYVVvf4BhLhAtaV4JED/QXOU=";

	static final String PREVIOUS_KEK = "74KB2Mz2BStVleaamWYJ8riXcN7V7fC1BKTL/+wuNQY=";

	static final String ADMIN_TOKEN = "sga_ec217bbde138b0489afdf14c5a3c3b3a47e3bda2ed09acf56db70825acdc5cd3";

	static final String DATABASE_PASSWORD = "correct-horse-battery-staple";

	/**
	 * The Secret with the CA certificate of the database server
	 * ({@code postgresql.tls.caSecret}).
	 */
	static final String DATABASE_CA_SECRET = "sigil-db-ca";

	static final String ISSUER_BASE_URL = "https://id.example.com";

	private final Path directory;

	private final Map<String, Object> sets = new LinkedHashMap<>();

	private final List<Path> valuesFiles = new ArrayList<>();

	private SigilChart(Path directory) {
		this.directory = directory;
	}

	/**
	 * The chart's directory: the module's sibling {@code ../sigil}, or the
	 * {@code sigil.chart} property.
	 */
	static Path directory() {
		return Path.of(System.getProperty("sigil.chart", "../sigil")).toAbsolutePath().normalize();
	}

	/** A field of {@code Chart.yaml}, such as {@code version} or {@code appVersion}. */
	static String metadata(String field) {
		try {
			Map<String, Object> chart = new Yaml().load(Files.readString(directory().resolve("Chart.yaml")));
			return String.valueOf(chart.get(field));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The chart with its defaults only. */
	static SigilChart chart() {
		return new SigilChart(directory());
	}

	/**
	 * The chart with the least an install needs: a KEK, a database with the CA its
	 * certificate is verified against (the default sslmode is {@code verify-full}) and
	 * the issuers' URL.
	 */
	static SigilChart withRequiredValues() {
		return chart().set("secrets.kek", KEK)
			.set("postgresql.host", "db.example.internal")
			.set("postgresql.password", DATABASE_PASSWORD)
			.set("postgresql.tls.caSecret", DATABASE_CA_SECRET)
			.set("issuer.baseUrl", ISSUER_BASE_URL);
	}

	/** {@code ci/default-values.yaml}: the complete install chart-testing renders. */
	static SigilChart withCiValues() {
		return chart().valuesFile(directory().resolve("ci/default-values.yaml"));
	}

	SigilChart set(String key, Object value) {
		this.sets.put(key, value);
		return this;
	}

	SigilChart valuesFile(Path file) {
		this.valuesFiles.add(file);
		return this;
	}

	/** Values given as YAML, for lists and maps that {@code --set} spells badly. */
	SigilChart values(String yaml) {
		try {
			Path file = Files.createTempFile(buildDirectory(), "values-", ".yaml");
			Files.writeString(file, yaml, StandardCharsets.UTF_8);
			file.toFile().deleteOnExit();
			return valuesFile(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Renders the test hooks too. {@code helm template} through helm-java leaves hooks
	 * out, so this renders a copy of the chart whose {@code helm.sh/hook} annotations are
	 * renamed.
	 */
	SigilChart withTestHooksAsManifests() {
		SigilChart copy = new SigilChart(TestHooks.chartCopy());
		copy.sets.putAll(this.sets);
		copy.valuesFiles.addAll(this.valuesFiles);
		return copy;
	}

	String renderYaml() {
		try {
			return templateCommand().call();
		}
		catch (IllegalStateException ex) {
			return fail("Rendering failed: %s", ex.getMessage());
		}
	}

	Manifests render() {
		return Manifests.parse(renderYaml());
	}

	/** The message of a render that must fail. */
	String renderFailure() {
		TemplateCommand command = templateCommand();
		StringBuilder message = new StringBuilder();
		assertThatThrownBy(command::call).isInstanceOf(IllegalStateException.class)
			.satisfies((ex) -> message.append(ex.getMessage()));
		return message.toString();
	}

	private TemplateCommand templateCommand() {
		TemplateCommand command = new Helm(this.directory).template().withName(RELEASE).withNamespace(NAMESPACE);
		for (Path file : this.valuesFiles) {
			command = command.withValuesFile(file);
		}
		for (Map.Entry<String, Object> set : this.sets.entrySet()) {
			command = command.set(set.getKey(), set.getValue());
		}
		return command;
	}

	/**
	 * NOTES.txt as {@code helm install} prints it (a client-only dry run: no cluster).
	 */
	String notes() {
		InstallCommand command = new Helm(this.directory).install()
			.clientOnly()
			.dryRun()
			.withName(RELEASE)
			.withNamespace(NAMESPACE);
		for (Path file : this.valuesFiles) {
			command = command.withValuesFile(file);
		}
		for (Map.Entry<String, Object> set : this.sets.entrySet()) {
			command = command.set(set.getKey(), set.getValue());
		}
		String output = command.call().getOutput();
		int notes = output.indexOf("NOTES:");
		return (notes >= 0) ? output.substring(notes) : fail("No NOTES in:%n%s", output);
	}

	static Path buildDirectory() {
		Path directory = Path.of(System.getProperty("sigil.build.directory", "target")).toAbsolutePath();
		try {
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A copy of the chart in the build directory whose test hooks render as plain
	 * manifests.
	 */
	private static final class TestHooks {

		private static Path copy;

		static synchronized Path chartCopy() {
			if (copy == null) {
				copy = makeCopy(directory(), buildDirectory().resolve("chart-with-plain-test-hooks/sigil"));
			}
			return copy;
		}

		private static Path makeCopy(Path chart, Path target) {
			try {
				if (Files.exists(target)) {
					try (Stream<Path> old = Files.walk(target)) {
						for (Path path : old.sorted((a, b) -> b.compareTo(a)).toList()) {
							Files.delete(path);
						}
					}
				}
				try (Stream<Path> files = Files.walk(chart)) {
					for (Path source : files.toList()) {
						Path destination = target.resolve(chart.relativize(source).toString());
						if (Files.isDirectory(source)) {
							Files.createDirectories(destination);
						}
						else if (chart.relativize(source).startsWith(Path.of("templates", "tests"))) {
							String template = Files.readString(source, StandardCharsets.UTF_8);
							Files.writeString(destination, template.replace("helm.sh/hook", "rendered.sigil.dev/hook"));
						}
						else {
							Files.copy(source, destination);
						}
					}
				}
				return target;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
