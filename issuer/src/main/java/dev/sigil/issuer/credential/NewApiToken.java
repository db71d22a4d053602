package dev.sigil.issuer.credential;

/**
 * An API token just made, with its secret: shown once in the answer to its creation,
 * never stored and never logged.
 */
public record NewApiToken(ApiToken token, String secret) {

	@Override
	public String toString() {
		return "NewApiToken[" + this.token + "]";
	}

}
