package dev.sigil.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The values of {@code values.yaml} as dotted paths ({@code ingress.tls.enabled}), walked
 * beside {@code values.schema.json}: an object the schema gives properties to is walked
 * into; any other value (a scalar, a list, a free-form map such as {@code resources}) is
 * one value.
 */
final class ValueTree {

	/**
	 * What the walk finds at each value: its path, its schema node (missing when
	 * undescribed), its default.
	 */
	@FunctionalInterface
	interface Visitor {

		void visit(String path, JsonNode schema, Object value);

	}

	private ValueTree() {
	}

	static void walk(Map<String, Object> values, JsonNode schema, String prefix, Visitor visitor) {
		for (Map.Entry<String, Object> entry : values.entrySet()) {
			String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
			JsonNode node = schema.path("properties").path(entry.getKey());
			if (entry.getValue() instanceof Map<?, ?> map && !map.isEmpty() && node.has("properties")) {
				@SuppressWarnings("unchecked")
				Map<String, Object> children = (Map<String, Object>) map;
				walk(children, node, path, visitor);
			}
			else {
				visitor.visit(path, node, entry.getValue());
			}
		}
	}

	/** Every value path of the chart's {@code values.yaml}. */
	static List<String> chartValuePaths() {
		try {
			JsonNode schema = JsonMapper.builder()
				.build()
				.readTree(Files.readString(SigilChart.directory().resolve("values.schema.json")));
			Map<String, Object> values = new Yaml()
				.load(Files.readString(SigilChart.directory().resolve("values.yaml")));
			List<String> paths = new ArrayList<>();
			walk(values, schema, "", (path, node, value) -> paths.add(path));
			return paths;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
