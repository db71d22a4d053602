package dev.sigil.server;

import java.util.regex.Pattern;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a start-up failure caused by a bad setting into one line naming the variable and
 * the rule, instead of a stack trace: the settings' own checks throw an
 * {@link IllegalStateException} or {@link IllegalArgumentException} whose message starts
 * with the variable ({@code SIGIL_...}, {@code SPRING_...}) or the property
 * ({@code sigil....}).
 */
class SettingFailureAnalyzer implements FailureAnalyzer {

	private static final Pattern NAMES_A_SETTING = Pattern.compile("^(SIGIL_|SPRING_|sigil\\.)[A-Za-z0-9_.-]+\\b.*",
			Pattern.DOTALL);

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if ((cause instanceof IllegalStateException || cause instanceof IllegalArgumentException)
					&& cause.getMessage() != null && NAMES_A_SETTING.matcher(cause.getMessage()).matches()) {
				String line = cause.getMessage().replaceAll("\\s+", " ").strip();
				return new FailureAnalysis(line,
						"Fix the setting named above and start Sigil again. Settings are "
								+ "environment variables (SIGIL_TOKEN_LIFETIME) or properties (sigil.token.lifetime); "
								+ "docs/operations.md lists them.",
						cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
