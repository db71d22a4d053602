package dev.sigil.api.machine;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of a token request, on every log line of its path (MDC {@value #MDC_REQUEST},
 * beside the org as {@value #MDC_ORG}) and in the answer's {@value #HEADER}: the caller's
 * own when it sent a usable one (a proxy's, say), so that its logs and ours meet; else a
 * new one.
 */
final class RequestIds {

	static final String HEADER = "X-Request-Id";

	static final String MDC_REQUEST = "request_id";

	static final String MDC_ORG = "org";

	private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

	private RequestIds() {
	}

	static String of(String given) {
		if (given != null && USABLE.matcher(given).matches()) {
			return given;
		}
		return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
	}

}
