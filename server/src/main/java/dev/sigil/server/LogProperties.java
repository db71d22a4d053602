package dev.sigil.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the server writes its log, {@code sigil.*}. Bound by {@link LogFormatSettings}
 * before the logging system starts, so it is no bean.
 *
 * @param logFormat {@code text} (for people), or {@code json}: Elastic Common Schema, one
 * object per line ({@code SIGIL_LOG_FORMAT})
 */
@ConfigurationProperties("sigil")
record LogProperties(@DefaultValue("text") String logFormat) {

	LogProperties {
		if (!"text".equals(logFormat) && !"json".equals(logFormat)) {
			throw new IllegalStateException("SIGIL_LOG_FORMAT must be text or json, got '"
					+ ((logFormat != null) ? logFormat.replaceAll("[^\\x20-\\x7E]", "?") : "") + "'");
		}
	}

	boolean json() {
		return "json".equals(this.logFormat);
	}

}
