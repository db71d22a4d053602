package dev.sigil.agent.platform;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Pattern;

import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/**
 * Token exchange instead of a machine credential: the agent presents a token that another
 * platform gave the workload (a Kubernetes projected service-account token, for example)
 * to its org's token endpoint, naming the trust policy that accepts it. The subject
 * token's file is read again for every exchange, because its issuer replaces it in place
 * (the kubelet rotates a projected token long before it expires). {@link #toString()}
 * never shows the subject token.
 */
public final class TokenExchange implements Authentication {

	/**
	 * As the platform's issuer paths have it: what may stand between the slashes of
	 * {@code /{org}/oauth2/token}.
	 */
	private static final Pattern ORG_SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

	/** As the platform names trust policies. */
	private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	/** Ample for any JWT a platform gives a workload: Kubernetes' are about 1 KiB. */
	private static final int MAX_LENGTH = 16 * 1024;

	private final Path subjectTokenFile;

	private final String trustPolicy;

	private final String org;

	/**
	 * @param subjectTokenFile the file that holds the subject token, a compact JWT
	 * @param trustPolicy the name of the org's trust policy that accepts it, sent as
	 * {@code client_id}
	 * @param org the org's slug
	 */
	public TokenExchange(Path subjectTokenFile, String trustPolicy, String org) {
		if (!isTrustPolicyName(trustPolicy)) {
			throw new IllegalArgumentException("Not a trust policy name: " + trustPolicy);
		}
		if (!isOrgSlug(org)) {
			throw new IllegalArgumentException("Not an org slug: " + org);
		}
		this.subjectTokenFile = subjectTokenFile.toAbsolutePath();
		this.trustPolicy = trustPolicy;
		this.org = org;
	}

	/**
	 * Whether the text can be an org's slug: lower-case letters, digits and inner
	 * hyphens, at most 63.
	 */
	public static boolean isOrgSlug(String text) {
		return ORG_SLUG.matcher(text).matches();
	}

	/**
	 * Whether the text can be a trust policy's name: 1 to 100 letters, digits, dots,
	 * underscores or hyphens.
	 */
	public static boolean isTrustPolicyName(String text) {
		return POLICY_NAME.matcher(text).matches();
	}

	public Path subjectTokenFile() {
		return this.subjectTokenFile;
	}

	public String trustPolicy() {
		return this.trustPolicy;
	}

	public String org() {
		return this.org;
	}

	/** The subject token as its file holds it now. */
	public String subjectToken() throws TokenException {
		try {
			if (Files.size(this.subjectTokenFile) > MAX_LENGTH) {
				throw TokenException.unreachable(
						"the subject token file " + this.subjectTokenFile + " is larger than " + MAX_LENGTH + " bytes",
						null);
			}
			String token = Files.readString(this.subjectTokenFile, StandardCharsets.UTF_8).strip();
			if (token.isEmpty()) {
				throw TokenException.unreachable("the subject token file " + this.subjectTokenFile + " is empty", null);
			}
			return token;
		}
		catch (IOException ex) {
			throw TokenException.unreachable("cannot read the subject token file " + this.subjectTokenFile + ": " + ex,
					ex);
		}
	}

	/** The org's token endpoint, where this exchange is made for every token. */
	@Override
	public TokenSource client(URI platformUrl, Clock clock) {
		return new TokenExchangeClient(platformUrl, this, clock);
	}

	@Override
	public String describe() {
		return "token exchange with trust policy " + this.trustPolicy + " of org " + this.org + " (subject token in "
				+ this.subjectTokenFile + ")";
	}

	@Override
	public String toString() {
		return "TokenExchange[policy=" + this.trustPolicy + ", org=" + this.org + ", subjectTokenFile="
				+ this.subjectTokenFile + "]";
	}

}
