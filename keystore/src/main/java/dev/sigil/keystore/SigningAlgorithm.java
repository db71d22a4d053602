package dev.sigil.keystore;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Locale;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** The JWS algorithms an org can sign with, and how each makes and restores its keys. */
public enum SigningAlgorithm {

	RS256(JWSAlgorithm.RS256, "RSA", "SHA256withRSA") {
		@Override
		JWK generate() throws JOSEException {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint(true)
				.generate();
		}

		@Override
		JWK withPrivate(JWK publicJwk, PrivateKey privateKey) {
			return new RSAKey.Builder(publicJwk.toRSAKey()).privateKey((RSAPrivateKey) privateKey).build();
		}

		@Override
		PrivateKey privateKey(JWK jwk) throws JOSEException {
			return jwk.toRSAKey().toPrivateKey();
		}
	},

	ES256(JWSAlgorithm.ES256, "EC", "SHA256withECDSA") {
		@Override
		JWK generate() throws JOSEException {
			return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint(true)
				.generate();
		}

		@Override
		JWK withPrivate(JWK publicJwk, PrivateKey privateKey) {
			return new ECKey.Builder(publicJwk.toECKey()).privateKey((ECPrivateKey) privateKey).build();
		}

		@Override
		PrivateKey privateKey(JWK jwk) throws JOSEException {
			return jwk.toECKey().toPrivateKey();
		}
	};

	private final JWSAlgorithm jwsAlgorithm;

	private final String keyFactoryAlgorithm;

	private final String jcaSignature;

	SigningAlgorithm(JWSAlgorithm jwsAlgorithm, String keyFactoryAlgorithm, String jcaSignature) {
		this.jwsAlgorithm = jwsAlgorithm;
		this.keyFactoryAlgorithm = keyFactoryAlgorithm;
		this.jcaSignature = jcaSignature;
	}

	/** The JCA name of the signature, for checking that a key pair belongs together. */
	String jcaSignature() {
		return this.jcaSignature;
	}

	public JWSAlgorithm jwsAlgorithm() {
		return this.jwsAlgorithm;
	}

	/** Reads an algorithm name such as {@code RS256}; anything else is an {@link IllegalArgumentException}. */
	public static SigningAlgorithm of(String name) {
		try {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new IllegalArgumentException("Unsupported signing algorithm '" + name + "' (RS256 or ES256)");
		}
	}

	abstract JWK generate() throws JOSEException;

	abstract JWK withPrivate(JWK publicJwk, PrivateKey privateKey);

	abstract PrivateKey privateKey(JWK jwk) throws JOSEException;

	JWK restore(JWK publicJwk, byte[] pkcs8) {
		try {
			PrivateKey key = KeyFactory.getInstance(this.keyFactoryAlgorithm)
				.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
			return withPrivate(publicJwk, key);
		}
		catch (NoSuchAlgorithmException | InvalidKeySpecException ex) {
			throw new IllegalStateException("Stored private key of " + publicJwk.getKeyID() + " is unreadable", ex);
		}
	}

}
