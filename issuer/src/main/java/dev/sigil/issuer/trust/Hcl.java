package dev.sigil.issuer.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes Terraform configuration in HCL native syntax, laid out as {@code terraform fmt}
 * lays it out: two-space indents and the {@code =} of consecutive one-line attributes
 * aligned.
 *
 * @see <a href="https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md">HCL native
 * syntax specification: template literals and escapes</a>
 */
final class Hcl {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

	private Hcl() {
	}

	/**
	 * The value as a quoted HCL string. Besides the JSON-like backslash escapes, a
	 * literal {@code ${} or {@code %{} would start an interpolation or a directive, so
	 * they are written {@code $${} and {@code %%{}.
	 */
	static String quote(String value) {
		return "\"" + escape(value) + "\"";
	}

	/**
	 * The value escaped for the inside of a quoted HCL string, to be joined with
	 * interpolations.
	 */
	static String escape(String value) {
		StringBuilder out = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			char next = (i + 1 < value.length()) ? value.charAt(i + 1) : 0;
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '$', '%' -> out.append(c).append((next == '{') ? String.valueOf(c) : "");
				default -> {
					if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	/** A list of quoted strings on one line. */
	static String list(List<String> values) {
		return values.stream().map(Hcl::quote).collect(Collectors.joining(", ", "[", "]"));
	}

	/** Top-level blocks, a blank line between each two, with comment lines first. */
	static String document(List<String> comments, List<Block> blocks) {
		StringBuilder out = new StringBuilder();
		comments.forEach((comment) -> out.append("# ").append(comment).append('\n'));
		for (int i = 0; i < blocks.size(); i++) {
			if (i > 0 || !comments.isEmpty()) {
				out.append('\n');
			}
			blocks.get(i).render(out, "");
		}
		return out.toString();
	}

	/**
	 * A block: a type, its labels, and a body of attributes, maps and nested blocks in
	 * order.
	 */
	static final class Block {

		private final String header;

		private final List<Object> body = new ArrayList<>();

		private Block(String header) {
			this.header = header;
		}

		/**
		 * A block such as {@code resource "aws_iam_role" "sigil"}; labels are quoted
		 * here.
		 */
		static Block of(String type, String... labels) {
			StringBuilder header = new StringBuilder(type);
			for (String label : labels) {
				header.append(' ').append(quote(label));
			}
			return new Block(header.toString());
		}

		/**
		 * An attribute whose value is an expression already written as HCL on one line.
		 */
		Block attribute(String name, String expression) {
			this.body.add(new Attribute(name, expression));
			return this;
		}

		/** An attribute whose value is a string, quoted here. */
		Block string(String name, String value) {
			return attribute(name, quote(value));
		}

		/**
		 * An attribute whose value is an object of string keys and string values, one per
		 * line.
		 */
		Block map(String name, Map<String, String> entries) {
			this.body.add(new MapAttribute(name, entries));
			return this;
		}

		Block block(Block nested) {
			this.body.add(nested);
			return this;
		}

		private void render(StringBuilder out, String indent) {
			out.append(indent).append(this.header).append(" {\n");
			String inner = indent + "  ";
			List<Attribute> run = new ArrayList<>();
			for (int i = 0; i < this.body.size(); i++) {
				Object item = this.body.get(i);
				if (item instanceof Attribute attribute) {
					run.add(attribute);
					continue;
				}
				flush(run, out, inner);
				if (item instanceof MapAttribute map) {
					map.render(out, inner);
				}
				else {
					if (i > 0) {
						out.append('\n');
					}
					((Block) item).render(out, inner);
				}
			}
			flush(run, out, inner);
			out.append(indent).append("}\n");
		}

		/**
		 * Writes a run of one-line attributes with their {@code =} aligned, as
		 * {@code terraform fmt} does.
		 */
		private static void flush(List<Attribute> run, StringBuilder out, String indent) {
			int width = run.stream().mapToInt((attribute) -> attribute.name().length()).max().orElse(0);
			for (Attribute attribute : run) {
				out.append(indent)
					.append(attribute.name())
					.append(" ".repeat(width - attribute.name().length()))
					.append(" = ")
					.append(attribute.expression())
					.append('\n');
			}
			run.clear();
		}

	}

	private record Attribute(String name, String expression) {
	}

	/** An object key: bare when it is an identifier, else quoted. */
	private static String key(String key) {
		return IDENTIFIER.matcher(key).matches() ? key : quote(key);
	}

	private record MapAttribute(String name, Map<String, String> entries) {

		void render(StringBuilder out, String indent) {
			out.append(indent).append(this.name).append(" = {\n");
			List<Attribute> lines = new ArrayList<>();
			this.entries.forEach((key, value) -> lines.add(new Attribute(key(key), quote(value))));
			Block.flush(lines, out, indent + "  ");
			out.append(indent).append("}\n");
		}

	}

}
