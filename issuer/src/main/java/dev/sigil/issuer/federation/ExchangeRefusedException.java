package dev.sigil.issuer.federation;

/**
 * A token exchange refused, with its RFC 8693 / RFC 6749 error code
 * ({@code invalid_request}, {@code invalid_client}, {@code invalid_grant},
 * {@code invalid_target}) and a description that names the failed check.
 */
public class ExchangeRefusedException extends RuntimeException {

	private final String error;

	public ExchangeRefusedException(String error, String description) {
		super(description);
		this.error = error;
	}

	public String error() {
		return this.error;
	}

}
