package dev.sigil.issuer.trust;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;

/**
 * Reads Terraform text as a parser does, and as {@code terraform fmt} would lay it out.
 */
final class TerraformText {

	private TerraformText() {
	}

	/** The text parsed by an HCL parser; a syntax error fails the test. */
	static Map<String, Object> parse(String text) {
		try {
			return new HCLParser().parse(text);
		}
		catch (HCLParserException | IOException ex) {
			throw new AssertionError("not valid HCL: " + ex.getMessage() + "\n" + text, ex);
		}
	}

	/** The value at a path of block types, labels and attribute names, or null. */
	@SuppressWarnings("unchecked")
	static Object at(Map<String, Object> parsed, String... path) {
		Object node = parsed;
		for (String step : path) {
			if (!(node instanceof Map<?, ?> map)) {
				return null;
			}
			node = ((Map<String, Object>) map).get(step);
		}
		return node;
	}

	/** Whether a {@code terraform} executable is on the path. */
	static boolean formatterAvailable() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "terraform"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The value of an expression as {@code terraform console} prints it, without its
	 * quotes (so meant for expressions whose value needs no escapes, such as base64).
	 */
	static String console(Path workDir, String expression) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("terraform", "console").directory(workDir.toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try (OutputStream in = process.getOutputStream()) {
			in.write((expression + "\n").getBytes(StandardCharsets.UTF_8));
		}
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || out.length() < 2
				|| !out.startsWith("\"") || !out.endsWith("\"")) {
			process.destroyForcibly();
			throw new AssertionError("terraform console refused the expression:\n" + expression + "\n" + out);
		}
		return out.substring(1, out.length() - 1);
	}

	/** The text as {@code terraform fmt} lays it out. */
	static String formatted(String text) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("terraform", "fmt", "-no-color", "-")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try (OutputStream in = process.getOutputStream()) {
			in.write(text.getBytes(StandardCharsets.UTF_8));
		}
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new AssertionError("terraform fmt refused the text:\n" + text);
		}
		return out;
	}

}
