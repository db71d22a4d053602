package dev.sigil.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the machine token API and the management API, {@code sigil.api.*}.
 *
 * @param maxBodySize larger API request bodies are refused with 413
 * ({@code SIGIL_API_MAX_BODY_SIZE})
 */
@ConfigurationProperties("sigil.api")
public record ApiProperties(@DefaultValue("8KB") DataSize maxBodySize) {

	/** A token request with the longest audience still fits. */
	static final DataSize SMALLEST_BODY = DataSize.ofKilobytes(1);

	/** Bodies are read into memory whole before they are parsed. */
	static final DataSize LARGEST_BODY = DataSize.ofMegabytes(1);

	public ApiProperties {
		if (maxBodySize == null || maxBodySize.compareTo(SMALLEST_BODY) < 0
				|| maxBodySize.compareTo(LARGEST_BODY) > 0) {
			throw new IllegalArgumentException(
					"SIGIL_API_MAX_BODY_SIZE must be 1KB to 1MB (8KB by default), got " + maxBodySize);
		}
	}

	/** The limit in bytes. */
	public int maxBodyBytes() {
		return (int) this.maxBodySize.toBytes();
	}

}
