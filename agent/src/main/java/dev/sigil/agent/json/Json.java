package dev.sigil.agent.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the little JSON the agent meets: a token request body, a JWT payload,
 * an RFC 9457 problem. Objects become {@link Map}s in document order, arrays
 * {@link List}s, numbers {@link BigDecimal}s, {@code true} and {@code false}
 * {@link Boolean}s, and {@code null} null.
 * <p>
 * Where RFC 8259 leaves the choice to the parser, it refuses: an object with a member
 * name twice (a JWT whose {@code aud} a verifier reads one way and the agent another is
 * worse than no JWT), a string with an unpaired surrogate, escaped or not, more than 32
 * nested arrays and objects, a byte order mark, and a number whose exponent does not fit
 * an {@code int}. A scalar at the top level is accepted.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259: JSON</a>
 */
public final class Json {

	private static final int MAX_DEPTH = 32;

	private final String text;

	private int position;

	private Json(String text) {
		this.text = text;
	}

	/** Parses one JSON value that fills the whole text, surrounding whitespace aside. */
	public static Object parse(String text) {
		Json json = new Json(text);
		if (text.startsWith("\uFEFF")) {
			throw json.error("byte order mark before the value");
		}
		json.skipWhitespace();
		Object value = json.value(0);
		json.skipWhitespace();
		if (json.position != text.length()) {
			throw json.error("unexpected text after the value");
		}
		return value;
	}

	/** Parses a JSON object. */
	public static Map<String, Object> parseObject(String text) {
		Object value = parse(text);
		if (!(value instanceof Map)) {
			throw new JsonException("not a JSON object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> object = (Map<String, Object>) value;
		return object;
	}

	/** The value as a JSON string literal, quotes included. */
	public static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	/**
	 * @param depth how many arrays and objects enclose the value
	 */
	private Object value(int depth) {
		if (this.position >= this.text.length()) {
			throw error("unexpected end of text");
		}
		return switch (this.text.charAt(this.position)) {
			case '{' -> object(depth);
			case '[' -> array(depth);
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> number();
		};
	}

	private Map<String, Object> object(int depth) {
		Map<String, Object> members = new LinkedHashMap<>();
		enter(depth);
		skipWhitespace();
		if (consume('}')) {
			return members;
		}
		do {
			skipWhitespace();
			if (!peek('"')) {
				throw error("expected a member name");
			}
			int start = this.position;
			String name = string();
			if (members.containsKey(name)) {
				this.position = start;
				throw error("a member name given twice");
			}
			skipWhitespace();
			expect(':');
			skipWhitespace();
			members.put(name, value(depth + 1));
			skipWhitespace();
		}
		while (consume(','));
		expect('}');
		return Collections.unmodifiableMap(members);
	}

	private List<Object> array(int depth) {
		List<Object> elements = new ArrayList<>();
		enter(depth);
		skipWhitespace();
		if (consume(']')) {
			return elements;
		}
		do {
			skipWhitespace();
			elements.add(value(depth + 1));
			skipWhitespace();
		}
		while (consume(','));
		expect(']');
		return Collections.unmodifiableList(elements);
	}

	/**
	 * Steps into an array or object, which makes one more level of nesting around what it
	 * holds.
	 */
	private void enter(int depth) {
		if (depth >= MAX_DEPTH) {
			throw error("nested too deeply (more than " + MAX_DEPTH + " arrays and objects)");
		}
		this.position++;
	}

	private String string() {
		StringBuilder out = new StringBuilder();
		this.position++;
		while (true) {
			if (this.position >= this.text.length()) {
				throw error("unterminated string");
			}
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				return out.toString();
			}
			if (c < 0x20) {
				throw error("control character in a string");
			}
			if (c == '\\') {
				escape(out);
			}
			else if (Character.isHighSurrogate(c) && this.position < this.text.length()
					&& Character.isLowSurrogate(this.text.charAt(this.position))) {
				out.append(c).append(this.text.charAt(this.position++));
			}
			else if (Character.isSurrogate(c)) {
				this.position--;
				throw error("unpaired surrogate in a string");
			}
			else {
				out.append(c);
			}
		}
	}

	private void escape(StringBuilder out) {
		char c = escapedChar();
		if (Character.isHighSurrogate(c) && this.text.startsWith("\\u", this.position)) {
			this.position += 2;
			char low = unicodeEscape();
			if (Character.isLowSurrogate(low)) {
				out.append(c).append(low);
				return;
			}
		}
		if (Character.isSurrogate(c)) {
			// Half a character: no text, and no UTF-8 encoder would write it back.
			throw error("unpaired surrogate in a \\u escape");
		}
		out.append(c);
	}

	private char escapedChar() {
		if (this.position >= this.text.length()) {
			throw error("unterminated escape");
		}
		char c = this.text.charAt(this.position++);
		return switch (c) {
			case '"', '\\', '/' -> c;
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> unicodeEscape();
			default -> throw error("unknown escape \\" + c);
		};
	}

	private char unicodeEscape() {
		if (this.position + 4 > this.text.length()) {
			throw error("short \\u escape");
		}
		int code = 0;
		for (int i = 0; i < 4; i++) {
			int digit = hexDigit(this.text.charAt(this.position++));
			if (digit < 0) {
				throw error("bad \\u escape");
			}
			code = code * 16 + digit;
		}
		return (char) code;
	}

	private BigDecimal number() {
		int start = this.position;
		consume('-');
		if (!consume('0')) {
			requireDigits();
		}
		if (consume('.')) {
			requireDigits();
		}
		if (consume('e') || consume('E')) {
			if (!consume('+')) {
				consume('-');
			}
			requireDigits();
		}
		try {
			return new BigDecimal(this.text.substring(start, this.position));
		}
		catch (NumberFormatException ex) {
			this.position = start;
			throw error("number out of range");
		}
	}

	private void requireDigits() {
		int start = this.position;
		while (this.position < this.text.length() && isDigit(this.text.charAt(this.position))) {
			this.position++;
		}
		if (this.position == start) {
			throw error("expected a value");
		}
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw error("expected a value");
		}
		this.position += word.length();
		return value;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private boolean peek(char c) {
		return this.position < this.text.length() && this.text.charAt(this.position) == c;
	}

	private boolean consume(char c) {
		if (peek(c)) {
			this.position++;
			return true;
		}
		return false;
	}

	private void expect(char c) {
		if (!consume(c)) {
			throw error("expected '" + c + "'");
		}
	}

	/**
	 * The value of an ASCII hex digit, else -1: {@link Character#digit} takes other
	 * scripts' digits too.
	 */
	private static int hexDigit(char c) {
		return (c < 0x80) ? Character.digit(c, 16) : -1;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private JsonException error(String reason) {
		return new JsonException(reason + " at offset " + this.position);
	}

}
