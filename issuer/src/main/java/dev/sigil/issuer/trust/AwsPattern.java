package dev.sigil.issuer.trust;

import java.util.Arrays;

/**
 * One IAM condition value ready to match: literal characters, and for {@code StringLike}
 * the wildcards {@code *} (any run) and {@code ?} (any one). Matched by hand rather than
 * as a regular expression: a pattern with many {@code *}s against a long value makes a
 * backtracking regex engine take exponential time, and the policies matched here come
 * from callers. This is the usual greedy wildcard walk, which remembers only the last
 * {@code *} and so takes at most length × length steps.
 */
final class AwsPattern {

	/** A pattern element that matches any run of characters. */
	private static final int STAR = -1;

	/** A pattern element that matches any one character. */
	private static final int ANY = -2;

	private final int[] elements;

	private final boolean ignoreCase;

	private AwsPattern(int[] elements, boolean ignoreCase) {
		this.elements = elements;
		this.ignoreCase = ignoreCase;
	}

	/**
	 * The value as a pattern, or null when it holds a policy variable other than the
	 * escapes {@code ${*}}, {@code ${?}} and {@code ${$}} (which the request would have
	 * to fill in).
	 */
	static AwsPattern of(String value, boolean like, boolean ignoreCase) {
		int[] elements = new int[value.length()];
		int size = 0;
		int i = 0;
		while (i < value.length()) {
			char c = value.charAt(i);
			if (c == '$' && value.startsWith("${", i)) {
				int end = value.indexOf('}', i);
				String name = (end > 0) ? value.substring(i + 2, end) : "";
				if (!(name.equals("*") || name.equals("?") || name.equals("$"))) {
					return null;
				}
				elements[size++] = name.charAt(0);
				i = end + 1;
				continue;
			}
			elements[size++] = (like && c == '*') ? STAR : (like && c == '?') ? ANY : c;
			i++;
		}
		return new AwsPattern(Arrays.copyOf(elements, size), ignoreCase);
	}

	boolean matches(String text) {
		int p = 0;
		int t = 0;
		int lastStar = -1;
		int resumeAt = 0;
		while (t < text.length()) {
			if (p < this.elements.length && this.elements[p] == STAR) {
				lastStar = p++;
				resumeAt = t;
			}
			else if (p < this.elements.length && (this.elements[p] == ANY || same(this.elements[p], text.charAt(t)))) {
				p++;
				t++;
			}
			else if (lastStar >= 0) {
				p = lastStar + 1;
				t = ++resumeAt;
			}
			else {
				return false;
			}
		}
		while (p < this.elements.length && this.elements[p] == STAR) {
			p++;
		}
		return p == this.elements.length;
	}

	private boolean same(int expected, char actual) {
		return expected == actual
				|| (this.ignoreCase && (Character.toLowerCase((char) expected) == Character.toLowerCase(actual)
						|| Character.toUpperCase((char) expected) == Character.toUpperCase(actual)));
	}

}
