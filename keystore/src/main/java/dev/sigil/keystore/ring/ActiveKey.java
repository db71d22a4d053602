package dev.sigil.keystore.ring;

import java.security.PrivateKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;

import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.crypto.SigningProvider;

/**
 * The key that signs an org's tokens now, held in memory with its private part.
 *
 * @param kid the key id written into each token's header
 * @param algorithm the JWS algorithm
 * @param jwk the key pair; never logged, never published
 * @param privateKey the private key as the provider holds it (native memory for a native
 * provider)
 * @param provider the provider that signs with it
 */
public record ActiveKey(String kid, SigningAlgorithm algorithm, JWK jwk, PrivateKey privateKey,
		SigningProvider provider) {

	/**
	 * The key of a generated pair, with its private key restored through the provider.
	 */
	public static ActiveKey of(String kid, SigningAlgorithm algorithm, JWK pair, SigningProvider provider) {
		try {
			return new ActiveKey(kid, algorithm, pair, algorithm.privateKey(pair, provider), provider);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Key " + kid + " has no usable private part", ex);
		}
	}

	@Override
	public String toString() {
		return "ActiveKey[kid=" + this.kid + ", " + this.algorithm + "]";
	}

}
