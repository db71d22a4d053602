package dev.sigil.keystore.ring;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.text.ParseException;
import java.util.Arrays;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import dev.sigil.keystore.KeyStorage;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.crypto.KeyBinding;
import dev.sigil.keystore.crypto.KeyDecryptionException;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.crypto.SigningProvider;
import dev.sigil.keystore.pkcs11.Pkcs11Token;

/**
 * Opens a stored signing key and proves it is whole before anything publishes or uses it:
 * the public JWK parses, the seal opens under a KEK this server holds with the key's
 * binding (org, kid, algorithm, public key), and the private key signs what the public
 * key verifies. Anything else, a record changed in the database included, is a
 * {@link KeyDecryptionException} naming the kid.
 */
public final class KeyOpener {

	private static final byte[] PROBE = "sigil key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final PrivateKeySealer sealer;

	private final SigningProvider provider;

	private final Pkcs11Token token;

	/**
	 * Public for {@code SigningKeyManager}, which opens keys to re-wrap them.
	 * @param token the hardware token keys of {@link KeyStorage#PKCS11} live in, or
	 * {@code null} when this server has none
	 */
	public KeyOpener(PrivateKeySealer sealer, SigningProvider provider, Pkcs11Token token) {
		this.sealer = sealer;
		this.provider = provider;
		this.token = token;
	}

	/**
	 * A key pair proven whole, its private key as the signing provider holds it, and that
	 * provider. The pair of a key held in a token has no private part: the token keeps
	 * it.
	 */
	record Opened(JWK pair, PrivateKey privateKey, SigningProvider provider) {

		@Override
		public String toString() {
			return "Opened[kid=" + this.pair.getKeyID() + "]";
		}

	}

	/**
	 * The public key as published, once proven; never the private part. Public for
	 * {@code SigningKeyManager}, which binds a re-sealed key to it.
	 */
	public static JWK publicPart(SigningKey key) {
		try {
			JWK jwk = JWK.parse(key.getPublicJwk());
			if (jwk.isPrivate() || !key.getKid().equals(jwk.getKeyID())) {
				throw new KeyDecryptionException("The stored public key of kid " + key.getKid() + " of org "
						+ key.getOrgId() + " is not a public JWK of that kid");
			}
			return jwk;
		}
		catch (ParseException ex) {
			throw new KeyDecryptionException(
					"The stored public key of kid " + key.getKid() + " of org " + key.getOrgId() + " is not a JWK");
		}
	}

	/**
	 * What a sealed key is bound to: org, kid, algorithm and public key. Public for
	 * {@code SigningKeyManager}, which re-seals keys under it.
	 */
	public static KeyBinding bindingOf(SigningKey key, JWK publicJwk) {
		try {
			return new KeyBinding(key.getOrgId(), key.getKid(), key.getAlgorithm().name(),
					publicJwk.computeThumbprint().toString());
		}
		catch (JOSEException ex) {
			throw new KeyDecryptionException("No thumbprint for kid " + key.getKid(), ex);
		}
	}

	/** The key pair, proven to belong together and to this record. */
	Opened open(SigningKey key) {
		JWK publicJwk = publicPart(key);
		if (key.getStorage() == KeyStorage.PKCS11) {
			return openInToken(key, publicJwk);
		}
		byte[] pkcs8 = this.sealer.open(key.sealedPrivateKey(), bindingOf(key, publicJwk));
		try {
			PrivateKey privateKey = key.getAlgorithm().restore(pkcs8, this.provider);
			requireMatch(key, publicJwk, privateKey, this.provider);
			return new Opened(key.getAlgorithm().pair(publicJwk, privateKey), privateKey, this.provider);
		}
		catch (IllegalStateException ex) {
			throw new KeyDecryptionException(
					"The private key of kid " + key.getKid() + " of org " + key.getOrgId() + " cannot be read", ex);
		}
		finally {
			Arrays.fill(pkcs8, (byte) 0);
		}
	}

	/**
	 * The token's handle of the key, once a probe it signs in the token verifies with the
	 * published public key: a token object deleted, or replaced by another key under the
	 * same kid, is never used.
	 */
	private Opened openInToken(SigningKey key, JWK publicJwk) {
		if (this.token == null) {
			throw new KeyDecryptionException("Kid " + key.getKid() + " of org " + key.getOrgId()
					+ " is held in a PKCS#11 token and this server has none (SIGIL_PKCS11_LIBRARY)");
		}
		PrivateKey privateKey;
		try {
			privateKey = this.token.privateKey(key.getKid());
		}
		catch (RuntimeException ex) {
			throw new TokenUnreachableException(
					"Kid " + key.getKid() + " of org " + key.getOrgId() + " cannot be looked up: " + ex.getMessage(),
					ex);
		}
		if (privateKey == null) {
			throw new KeyDecryptionException("Kid " + key.getKid() + " of org " + key.getOrgId()
					+ " is missing from the " + this.token.description() + " (its token object was deleted)");
		}
		// The token's own record of which org a key was made for, against the row's: a
		// row
		// copied into another org in the database never signs for it.
		Pkcs11Token.Origin origin = this.token.origin(key.getKid());
		if (origin == null || !origin.orgId().equals(key.getOrgId())) {
			throw new KeyDecryptionException("Kid " + key.getKid() + " in the " + this.token.description()
					+ " was not made for org " + key.getOrgId() + " (the record was changed)");
		}
		try {
			requireMatch(key, publicJwk, privateKey, this.token.signingProvider());
		}
		catch (KeyDecryptionException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new TokenUnreachableException("Kid " + key.getKid() + " of org " + key.getOrgId()
					+ " cannot sign in the token: " + ex.getMessage(), ex);
		}
		return new Opened(publicJwk, privateKey, this.token.signingProvider());
	}

	/**
	 * The PKCS#8 private key, proven to belong to the record's public key (for
	 * re-sealing). Public for {@code SigningKeyManager}'s re-wrap.
	 */
	public byte[] openMaterial(SigningKey key) {
		return open(key).privateKey().getEncoded();
	}

	private static void requireMatch(SigningKey key, JWK publicJwk, PrivateKey privateKey, SigningProvider signing) {
		if (privateKey instanceof RSAPrivateCrtKey rsa && publicJwk instanceof RSAKey rsaPublic) {
			// An RSA private key carries its public modulus and exponent: compare, no
			// signature needed.
			if (rsa.getModulus().equals(rsaPublic.getModulus().decodeToBigInteger())
					&& rsa.getPublicExponent().equals(rsaPublic.getPublicExponent().decodeToBigInteger())) {
				return;
			}
			throw new KeyDecryptionException("The private key of kid " + key.getKid() + " of org " + key.getOrgId()
					+ " does not match its stored public key (the record was changed)");
		}
		try {
			String algorithm = key.getAlgorithm().jcaSignature();
			Signature signer = signing.signature(algorithm);
			signer.initSign(privateKey);
			signer.update(PROBE);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			PublicKey publicKey = ((AsymmetricJWK) publicJwk).toPublicKey();
			verifier.initVerify(publicKey);
			verifier.update(PROBE);
			if (verifier.verify(signature)) {
				return;
			}
		}
		catch (GeneralSecurityException | JOSEException | ClassCastException | java.security.ProviderException ex) {
			throw new KeyDecryptionException("The private key of kid " + key.getKid() + " of org " + key.getOrgId()
					+ " does not match its stored public key", ex);
		}
		throw new KeyDecryptionException("The private key of kid " + key.getKid() + " of org " + key.getOrgId()
				+ " does not match its stored public key (the record was changed)");
	}

}
