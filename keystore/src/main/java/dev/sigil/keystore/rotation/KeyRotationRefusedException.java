package dev.sigil.keystore.rotation;

import java.time.Instant;

/** A planned rotation is not possible now; it will be at {@link #retryAt()}. */
public class KeyRotationRefusedException extends RuntimeException {

	private final Instant retryAt;

	public KeyRotationRefusedException(String message, Instant retryAt) {
		super(message);
		this.retryAt = retryAt;
	}

	public Instant retryAt() {
		return this.retryAt;
	}

}
