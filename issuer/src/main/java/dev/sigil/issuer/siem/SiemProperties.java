package dev.sigil.issuer.siem;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SIEM stream, {@code sigil.siem.*}: off unless a URL is set. Its secrets, the HMAC
 * key ({@code SIGIL_SIEM_HMAC_KEY}) and the Splunk token ({@code SIGIL_SIEM_TOKEN}), are
 * read from the environment by {@link SiemStream}, never held here: a record's
 * {@code toString()} would print them.
 *
 * @param url where batches are posted ({@code SIGIL_SIEM_URL}); https unless
 * {@code allowHttp}
 * @param format {@code jsonl} (one JSON object per line) or {@code splunk-hec} (Splunk's
 * HTTP Event Collector) ({@code SIGIL_SIEM_FORMAT})
 * @param batchSize the most ledger rows (and as many admin events) in one post
 * @param interval how long the stream waits when it has caught up
 * @param timeout the longest one post may take
 * @param maxBackoff the longest wait between retries of a batch the receiver did not take
 * @param allowHttp accept a plain-http URL (tests and development)
 */
@ConfigurationProperties("sigil.siem")
public record SiemProperties(URI url, @DefaultValue("jsonl") String format, @DefaultValue("500") int batchSize,
		@DefaultValue("1s") Duration interval, @DefaultValue("10s") Duration timeout,
		@DefaultValue("60s") Duration maxBackoff, @DefaultValue("false") boolean allowHttp) {

	public SiemProperties {
		if (url != null) {
			String scheme = (url.getScheme() != null) ? url.getScheme() : "";
			if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
				// The scheme only: the URL may carry a token in its user part or query.
				throw new IllegalArgumentException(
						"SIGIL_SIEM_URL must be an https URL, got a URL with scheme '" + scheme + "'");
			}
		}
		if (!format.equals("jsonl") && !format.equals("splunk-hec")) {
			throw new IllegalArgumentException("SIGIL_SIEM_FORMAT must be jsonl or splunk-hec, got " + format);
		}
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalArgumentException("sigil.siem.batch-size must be 1-10000, got " + batchSize);
		}
	}

	boolean enabled() {
		return this.url != null;
	}

}
