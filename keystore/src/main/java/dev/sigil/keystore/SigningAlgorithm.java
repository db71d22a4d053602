package dev.sigil.keystore;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
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

import dev.sigil.keystore.crypto.SigningProvider;

/** The JWS algorithms an org can sign with, and how each makes and restores its keys. */
public enum SigningAlgorithm {

	RS256(JWSAlgorithm.RS256, "RSA", "SHA256withRSA") {
		@Override
		public JWK generate(SigningProvider provider) throws JOSEException {
			return new RSAKeyGenerator(2048).provider(provider.jcaProvider())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint(true)
				.generate();
		}

		@Override
		JWK withPrivate(JWK publicJwk, PrivateKey privateKey) {
			return new RSAKey.Builder(publicJwk.toRSAKey()).privateKey((RSAPrivateKey) privateKey).build();
		}

		@Override
		public PrivateKey privateKey(JWK jwk) throws JOSEException {
			return jwk.toRSAKey().toPrivateKey();
		}
	},

	ES256(JWSAlgorithm.ES256, "EC", "SHA256withECDSA") {
		@Override
		public JWK generate(SigningProvider provider) throws JOSEException {
			return new ECKeyGenerator(Curve.P_256).provider(provider.jcaProvider())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint(true)
				.generate();
		}

		@Override
		JWK withPrivate(JWK publicJwk, PrivateKey privateKey) {
			return new ECKey.Builder(publicJwk.toECKey()).privateKey((ECPrivateKey) privateKey).build();
		}

		@Override
		public PrivateKey privateKey(JWK jwk) throws JOSEException {
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
	public String jcaSignature() {
		return this.jcaSignature;
	}

	public JWSAlgorithm jwsAlgorithm() {
		return this.jwsAlgorithm;
	}

	/**
	 * Reads an algorithm name such as {@code RS256}; anything else is an
	 * {@link IllegalArgumentException}.
	 */
	public static SigningAlgorithm of(String name) {
		try {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new IllegalArgumentException("Unsupported signing algorithm '" + name + "' (RS256 or ES256)");
		}
	}

	/** The JCA key algorithm: {@code RSA} or {@code EC}. */
	public String keyAlgorithm() {
		return this.keyFactoryAlgorithm;
	}

	/**
	 * The public JWK of a public key made elsewhere (in a hardware token), with the same
	 * use, algorithm and thumbprint kid as a key made by {@link #generate}.
	 */
	public JWK publicJwk(PublicKey publicKey) throws JOSEException {
		JWK jwk = switch (this) {
			case RS256 -> new RSAKey.Builder((RSAPublicKey) publicKey).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint()
				.build();
			case ES256 -> new ECKey.Builder(Curve.P_256, (ECPublicKey) publicKey).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint()
				.build();
		};
		return jwk.toPublicJWK();
	}

	/** A new key pair, made by the provider. */
	public abstract JWK generate(SigningProvider provider) throws JOSEException;

	abstract JWK withPrivate(JWK publicJwk, PrivateKey privateKey);

	/**
	 * The private key of a generated pair, as Nimbus reads it. Public for
	 * {@code SigningKeyManager}, which seals it.
	 */
	public abstract PrivateKey privateKey(JWK jwk) throws JOSEException;

	/**
	 * The private key read from PKCS#8 by the provider's key factory, so that signing
	 * with it needs no translation between providers.
	 */
	public PrivateKey restore(byte[] pkcs8, SigningProvider provider) {
		try {
			return provider.keyFactory(this.keyFactoryAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A stored " + this + " private key is unreadable", ex);
		}
	}

	/**
	 * The public JWK with the private key's parameters added. Public for the key ring's
	 * {@code KeyOpener}.
	 */
	public JWK pair(JWK publicJwk, PrivateKey privateKey) {
		return withPrivate(publicJwk, privateKey);
	}

	/**
	 * The private key of a generated pair, restored through the provider (see
	 * {@link #restore}).
	 */
	public PrivateKey privateKey(JWK pair, SigningProvider provider) throws JOSEException {
		byte[] pkcs8 = privateKey(pair).getEncoded();
		try {
			return restore(pkcs8, provider);
		}
		finally {
			java.util.Arrays.fill(pkcs8, (byte) 0);
		}
	}

}
