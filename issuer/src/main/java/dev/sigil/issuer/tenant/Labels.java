package dev.sigil.issuer.tenant;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.sigil.issuer.error.SigilException;

/**
 * The rules for machine labels and for the label keys an app copies into its tokens: at
 * most {@value #MAX_PAIRS} pairs, keys {@code [a-z0-9_.-]{1,63}}, values of at most
 * {@value #MAX_VALUE_LENGTH} printable characters. Relying parties match on these values,
 * so they are kept to characters every policy language compares the same way.
 */
public final class Labels {

	public static final int MAX_PAIRS = 20;

	public static final int MAX_VALUE_LENGTH = 256;

	private static final Pattern KEY = Pattern.compile("[a-z0-9_.-]{1,63}");

	private Labels() {
	}

	/** The labels, checked, in key order; an empty map for null. */
	public static SortedMap<String, String> check(Map<String, String> labels) {
		if (labels == null) {
			return Collections.emptySortedMap();
		}
		if (labels.size() > MAX_PAIRS) {
			throw SigilException.invalid("labels may have at most " + MAX_PAIRS + " pairs, got " + labels.size());
		}
		SortedMap<String, String> checked = new TreeMap<>();
		labels.forEach((key, value) -> checked.put(key(key), value(key, value)));
		return Collections.unmodifiableSortedMap(checked);
	}

	/**
	 * The label keys an app lists for its tokens, checked, without repeats, in key order.
	 */
	public static List<String> checkKeys(Collection<String> keys) {
		if (keys == null) {
			return List.of();
		}
		if (keys.size() > MAX_PAIRS) {
			throw SigilException.invalid("label_claims may list at most " + MAX_PAIRS + " keys, got " + keys.size());
		}
		return keys.stream().map(Labels::key).distinct().sorted().toList();
	}

	/** The labels of the machine that the app's tokens carry. */
	public static SortedMap<String, String> claimed(Map<String, String> labels, Collection<String> keys) {
		SortedMap<String, String> claimed = new TreeMap<>();
		for (String key : keys) {
			String value = labels.get(key);
			if (value != null) {
				claimed.put(key, value);
			}
		}
		return Collections.unmodifiableSortedMap(claimed);
	}

	private static String key(String key) {
		if (key == null || !KEY.matcher(key).matches()) {
			throw SigilException.invalid("label key " + describe(key)
					+ " must be 1-63 lower-case letters, digits, underscores, dots and hyphens");
		}
		return key;
	}

	private static String value(String key, String value) {
		if (value == null) {
			throw SigilException.invalid("label '" + key + "' must have a string value");
		}
		if (value.length() > MAX_VALUE_LENGTH) {
			throw SigilException.invalid("label '" + key + "' must be at most " + MAX_VALUE_LENGTH + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7E) {
				throw SigilException.invalid("label '" + key + "' must be printable ASCII characters (0x20-0x7E)");
			}
		}
		return value;
	}

	/**
	 * A key safe to repeat in an answer: at most 64 characters, anything but printable
	 * ASCII as '?'.
	 */
	private static String describe(String key) {
		if (key == null) {
			return "null";
		}
		String cut = (key.length() > 64) ? key.substring(0, 64) + "..." : key;
		return "'" + cut.replaceAll("[^\\x20-\\x7E]", "?") + "'";
	}

}
