package dev.sigil.keystore.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider that makes and uses signing keys: the Amazon Corretto Crypto Provider
 * (AWS-LC, native code) when its library loads on this platform and passes a known-answer
 * self-test, the JDK's own providers otherwise. Only signing, verifying, key generation
 * and key factories go through it; the provider is not installed ahead of the JDK's, so
 * TLS, AES-GCM sealing, digests and random numbers stay with the JDK.
 */
public final class SigningProvider {

	private static final Logger logger = LoggerFactory.getLogger(SigningProvider.class);

	private static final String VECTORS = "signing-self-test.properties";

	private final Provider provider;

	private final String description;

	private final String fallbackReason;

	private SigningProvider(Provider provider, String description, String fallbackReason) {
		this.provider = provider;
		this.description = description;
		this.fallbackReason = fallbackReason;
	}

	/** The JDK's providers (SunRsaSign, SunEC), as the JCA finds them. */
	public static SigningProvider jdk() {
		return jdk(null);
	}

	private static SigningProvider jdk(String fallbackReason) {
		return new SigningProvider(null, "JDK (SunRsaSign, SunEC) " + System.getProperty("java.version"),
				fallbackReason);
	}

	/**
	 * A hardware token's provider: it signs with the keys the token holds, which never
	 * leave it.
	 */
	public static SigningProvider token(Provider provider, String description) {
		return new SigningProvider(provider, description, null);
	}

	/**
	 * The native provider if wanted and it loads and passes the self-test; otherwise the
	 * JDK's, with the reason kept for the info endpoint. Logs the outcome once.
	 */
	public static SigningProvider select(boolean nativeWanted) {
		if (!nativeWanted) {
			SigningProvider jdk = jdk("turned off (sigil.crypto.native=false)");
			logger.info("Signing with the {}: native crypto is turned off", jdk.description);
			return jdk;
		}
		String reason;
		try {
			SigningProvider candidate = loadNative();
			logger.info("Signing with {} (native, self-test passed)", candidate.description);
			return candidate;
		}
		catch (LinkageError | RuntimeException | GeneralSecurityException ex) {
			reason = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		SigningProvider jdk = jdk(reason);
		logger.warn("Native crypto is unavailable on this platform ({}); signing with the {}", reason, jdk.description);
		return jdk;
	}

	private static SigningProvider loadNative() throws GeneralSecurityException {
		Provider accp = Corretto.load();
		return tested(accp, accp.getName() + " " + accp.getVersionStr() + " (AWS-LC)");
	}

	/**
	 * The provider, once it has passed the self-test; a failure is an exception naming
	 * the check.
	 */
	static SigningProvider tested(Provider provider, String description) throws GeneralSecurityException {
		SigningProvider candidate = new SigningProvider(provider, description, null);
		candidate.selfTest();
		return candidate;
	}

	/**
	 * The only class that names the native provider: without its jar on the class path,
	 * loading this class fails with a {@link NoClassDefFoundError} that {@link #select}
	 * turns into the fallback, and {@code SigningProvider} itself still loads.
	 */
	private static final class Corretto {

		static Provider load() {
			AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
			Throwable loadingError = accp.getLoadingError();
			if (loadingError != null) {
				throw new IllegalStateException("the native library did not load: " + loadingError.getMessage(),
						loadingError);
			}
			accp.assertHealthy();
			return accp;
		}

	}

	/**
	 * Proves the provider against vectors made by the JDK: the RS256 signature of a known
	 * key and message comes out byte for byte, both known signatures verify and a changed
	 * message does not, and an ES256 signature it makes (ECDSA is randomised) verifies
	 * with the JDK. Also proves that a P-256 key pair it generates signs what the JDK
	 * verifies.
	 */
	void selfTest() throws GeneralSecurityException {
		Properties vectors = vectors();
		byte[] message = decode(vectors, "message");
		byte[] changed = message.clone();
		changed[0] ^= 1;

		PrivateKey rsaPrivate = keyFactory("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(decode(vectors, "rs256.private")));
		PublicKey rsaPublic = keyFactory("RSA").generatePublic(new X509EncodedKeySpec(decode(vectors, "rs256.public")));
		byte[] expected = decode(vectors, "rs256.signature");
		require(Arrays.equals(sign("SHA256withRSA", rsaPrivate, message), expected), "RS256 known answer differs");
		require(verify(signature("SHA256withRSA"), rsaPublic, message, expected), "RS256 known signature refused");
		require(!verify(signature("SHA256withRSA"), rsaPublic, changed, expected), "RS256 accepted a changed message");

		PrivateKey ecPrivate = keyFactory("EC")
			.generatePrivate(new PKCS8EncodedKeySpec(decode(vectors, "es256.private")));
		PublicKey ecPublic = keyFactory("EC").generatePublic(new X509EncodedKeySpec(decode(vectors, "es256.public")));
		PublicKey ecPublicJdk = KeyFactory.getInstance("EC")
			.generatePublic(new X509EncodedKeySpec(decode(vectors, "es256.public")));
		byte[] known = decode(vectors, "es256.signature");
		require(verify(signature("SHA256withECDSA"), ecPublic, message, known), "ES256 known signature refused");
		require(!verify(signature("SHA256withECDSA"), ecPublic, changed, known), "ES256 accepted a changed message");
		byte[] made = sign("SHA256withECDSA", ecPrivate, message);
		require(verify(Signature.getInstance("SHA256withECDSA"), ecPublicJdk, message, made),
				"the JDK refused an ES256 signature it made");

		KeyPairGenerator generator = keyPairGenerator("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair generated = generator.generateKeyPair();
		PublicKey generatedJdk = KeyFactory.getInstance("EC")
			.generatePublic(new X509EncodedKeySpec(generated.getPublic().getEncoded()));
		require(verify(Signature.getInstance("SHA256withECDSA"), generatedJdk, message,
				sign("SHA256withECDSA", generated.getPrivate(), message)), "a P-256 key pair it made does not verify");
	}

	private byte[] sign(String algorithm, PrivateKey key, byte[] message) throws GeneralSecurityException {
		Signature signer = signature(algorithm);
		signer.initSign(key);
		signer.update(message);
		return signer.sign();
	}

	private static boolean verify(Signature verifier, PublicKey key, byte[] message, byte[] signature)
			throws GeneralSecurityException {
		verifier.initVerify(key);
		verifier.update(message);
		return verifier.verify(signature);
	}

	private static void require(boolean condition, String failure) {
		if (!condition) {
			throw new IllegalStateException("self-test failed: " + failure);
		}
	}

	private static Properties vectors() {
		try (InputStream in = SigningProvider.class.getResourceAsStream(VECTORS)) {
			if (in == null) {
				throw new IllegalStateException("self-test vectors " + VECTORS + " are missing");
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties;
		}
		catch (IOException ex) {
			throw new IllegalStateException("self-test vectors " + VECTORS + " are unreadable", ex);
		}
	}

	private static byte[] decode(Properties vectors, String name) {
		return Base64.getDecoder().decode(vectors.getProperty(name, ""));
	}

	/** A signature engine of this provider. */
	public Signature signature(String algorithm) throws GeneralSecurityException {
		return (this.provider != null) ? Signature.getInstance(algorithm, this.provider)
				: Signature.getInstance(algorithm);
	}

	/** A key pair generator of this provider. */
	public KeyPairGenerator keyPairGenerator(String algorithm) throws GeneralSecurityException {
		return (this.provider != null) ? KeyPairGenerator.getInstance(algorithm, this.provider)
				: KeyPairGenerator.getInstance(algorithm);
	}

	/**
	 * A key factory of this provider: a key restored through it signs without
	 * translation.
	 */
	public KeyFactory keyFactory(String algorithm) throws GeneralSecurityException {
		return (this.provider != null) ? KeyFactory.getInstance(algorithm, this.provider)
				: KeyFactory.getInstance(algorithm);
	}

	/** The provider to hand to a JCA consumer, or {@code null} for the JDK's defaults. */
	public Provider jcaProvider() {
		return this.provider;
	}

	/** Whether native code signs. */
	public boolean isNative() {
		return this.provider != null;
	}

	/** Which provider signs, for people: name and version. */
	public String description() {
		return this.description;
	}

	/** Why the native provider is not used, or {@code null} when it is. */
	public String fallbackReason() {
		return this.fallbackReason;
	}

	@Override
	public String toString() {
		return "SigningProvider[" + this.description + "]";
	}

}
