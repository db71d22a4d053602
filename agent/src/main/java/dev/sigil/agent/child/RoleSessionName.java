package dev.sigil.agent.child;

import java.util.Optional;

/**
 * An AWS role session name made from the machine's name: STS accepts 2 to 64 characters
 * of {@code [\w+=,.@-]}, so anything else becomes {@code -}, a long name is cut and a
 * short one prefixed.
 *
 * @see <a href=
 * "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html">AssumeRoleWithWebIdentity</a>
 */
final class RoleSessionName {

	static final String FALLBACK = "sigil-agent";

	private static final int MIN_LENGTH = 2;

	private static final int MAX_LENGTH = 64;

	private RoleSessionName() {
	}

	static String of(Optional<String> machineName) {
		String name = machineName.map((value) -> value.replaceAll("[^\\w+=,.@-]", "-")).orElse("");
		if (name.isEmpty()) {
			return FALLBACK;
		}
		if (name.length() < MIN_LENGTH) {
			name = "sigil-" + name;
		}
		return (name.length() > MAX_LENGTH) ? name.substring(0, MAX_LENGTH) : name;
	}

}
