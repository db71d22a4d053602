package dev.sigil.keystore;

import com.nimbusds.jose.jwk.JWK;

/**
 * The key that signs an org's tokens now, held in memory with its private part.
 *
 * @param kid the key id written into each token's header
 * @param algorithm the JWS algorithm
 * @param jwk the key pair; never logged, never published
 */
public record ActiveKey(String kid, SigningAlgorithm algorithm, JWK jwk) {

	@Override
	public String toString() {
		return "ActiveKey[kid=" + this.kid + ", " + this.algorithm + "]";
	}

}
