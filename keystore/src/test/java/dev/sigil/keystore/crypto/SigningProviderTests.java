package dev.sigil.keystore.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.ECGenParameterSpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class SigningProviderTests {

	private static final byte[] MESSAGE = "header.payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	@Test
	void selectWhenNativeWantedOnLinuxX64ThenCorrettoSigns() {
		assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");
		assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
		SigningProvider provider = SigningProvider.select(true);
		assertThat(provider.isNative()).isTrue();
		assertThat(provider.description()).startsWith("AmazonCorrettoCryptoProvider 2.5.0");
		assertThat(provider.fallbackReason()).isNull();
	}

	@Test
	void selectWhenTurnedOffThenJdkSignsAndSaysWhy() {
		SigningProvider provider = SigningProvider.select(false);
		assertThat(provider.isNative()).isFalse();
		assertThat(provider.jcaProvider()).isNull();
		assertThat(provider.fallbackReason()).contains("sigil.crypto.native=false");
	}

	@Test
	void selfTestWhenProviderSignsWrongBytesThenRefused() {
		// A provider whose RSA signatures are off by one bit and whose ECDSA accepts
		// anything: the
		// known answers catch both.
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> SigningProvider.tested(new Broken(true, false), "broken RSA"))
			.withMessageContaining("RS256 known answer differs");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> SigningProvider.tested(new Broken(false, true), "lenient ECDSA"))
			.withMessageContaining("ES256 accepted a changed message");
	}

	@Test
	void selfTestWhenProviderIsCorrectThenPasses() throws GeneralSecurityException {
		assertThat(SigningProvider.tested(new Broken(false, false), "the JDK, delegated").description())
			.isEqualTo("the JDK, delegated");
	}

	@Test
	void signaturesWhenNativeThenJdkAndNimbusVerifyThemAndRsaIsByteForByteTheJdks() throws Exception {
		SigningProvider nativeProvider = SigningProvider.select(true);
		assumeThat(nativeProvider.isNative()).isTrue();

		KeyPairGenerator rsa = nativeProvider.keyPairGenerator("RSA");
		rsa.initialize(2048);
		KeyPair rsaPair = rsa.generateKeyPair();
		byte[] nativeRsa = sign(nativeProvider.signature("SHA256withRSA"), rsaPair.getPrivate());
		PrivateKey jdkPrivate = java.security.KeyFactory.getInstance("RSA")
			.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(rsaPair.getPrivate().getEncoded()));
		assertThat(nativeRsa).isEqualTo(sign(Signature.getInstance("SHA256withRSA"), jdkPrivate));
		RSAKey rsaPublic = new RSAKey.Builder(
				(java.security.interfaces.RSAPublicKey) jdkPublic("RSA", rsaPair.getPublic()))
			.build();
		assertThat(new RSASSAVerifier(rsaPublic).verify(new JWSHeader(JWSAlgorithm.RS256), MESSAGE,
				Base64URL.encode(nativeRsa)))
			.isTrue();

		KeyPairGenerator ec = nativeProvider.keyPairGenerator("EC");
		ec.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair ecPair = ec.generateKeyPair();
		byte[] der = sign(nativeProvider.signature("SHA256withECDSA"), ecPair.getPrivate());
		Signature jdk = Signature.getInstance("SHA256withECDSA");
		jdk.initVerify(jdkPublic("EC", ecPair.getPublic()));
		jdk.update(MESSAGE);
		assertThat(jdk.verify(der)).isTrue();
		JWK ecPublic = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
				(java.security.interfaces.ECPublicKey) jdkPublic("EC", ecPair.getPublic()))
			.build();
		byte[] jose = com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToConcat(der, 64);
		assertThat(new ECDSAVerifier(ecPublic.toECKey()).verify(new JWSHeader(JWSAlgorithm.ES256), MESSAGE,
				Base64URL.encode(jose)))
			.isTrue();
	}

	private static byte[] sign(Signature signature, PrivateKey key) throws GeneralSecurityException {
		signature.initSign(key);
		signature.update(MESSAGE);
		return signature.sign();
	}

	private static PublicKey jdkPublic(String algorithm, PublicKey key) throws GeneralSecurityException {
		return java.security.KeyFactory.getInstance(algorithm)
			.generatePublic(new java.security.spec.X509EncodedKeySpec(key.getEncoded()));
	}

	/** Delegates to the JDK, then spoils what it was built to spoil. */
	static final class Broken extends Provider {

		Broken(boolean flipRsa, boolean lenientEcdsa) {
			super("Broken", "1", "a provider that gets signatures wrong");
			putService(new Service(this, "KeyFactory", "RSA", RsaKeys.class.getName(), null, null));
			putService(new Service(this, "KeyFactory", "EC", EcKeys.class.getName(), null, null));
			putService(new Service(this, "KeyPairGenerator", "EC", EcPairs.class.getName(), null, null));
			putService(new Service(this, "Signature", "SHA256withRSA",
					(flipRsa ? FlippedRsa.class : PlainRsa.class).getName(), null, null));
			putService(new Service(this, "Signature", "SHA256withECDSA",
					(lenientEcdsa ? LenientEcdsa.class : PlainEcdsa.class).getName(), null, null));
		}

	}

	abstract static class DelegatingKeys extends java.security.KeyFactorySpi {

		final java.security.KeyFactory delegate;

		DelegatingKeys(String algorithm) throws GeneralSecurityException {
			this.delegate = java.security.KeyFactory.getInstance(algorithm);
		}

		@Override
		protected PublicKey engineGeneratePublic(java.security.spec.KeySpec keySpec)
				throws java.security.spec.InvalidKeySpecException {
			return this.delegate.generatePublic(keySpec);
		}

		@Override
		protected PrivateKey engineGeneratePrivate(java.security.spec.KeySpec keySpec)
				throws java.security.spec.InvalidKeySpecException {
			return this.delegate.generatePrivate(keySpec);
		}

		@Override
		protected <T extends java.security.spec.KeySpec> T engineGetKeySpec(java.security.Key key, Class<T> keySpec)
				throws java.security.spec.InvalidKeySpecException {
			return this.delegate.getKeySpec(key, keySpec);
		}

		@Override
		protected java.security.Key engineTranslateKey(java.security.Key key) throws InvalidKeyException {
			return this.delegate.translateKey(key);
		}

	}

	public static final class RsaKeys extends DelegatingKeys {

		public RsaKeys() throws GeneralSecurityException {
			super("RSA");
		}

	}

	public static final class EcKeys extends DelegatingKeys {

		public EcKeys() throws GeneralSecurityException {
			super("EC");
		}

	}

	public static final class EcPairs extends java.security.KeyPairGeneratorSpi {

		private final KeyPairGenerator delegate;

		public EcPairs() throws GeneralSecurityException {
			this.delegate = KeyPairGenerator.getInstance("EC");
		}

		@Override
		public void initialize(int keysize, java.security.SecureRandom random) {
			this.delegate.initialize(keysize, random);
		}

		@Override
		public void initialize(java.security.spec.AlgorithmParameterSpec params, java.security.SecureRandom random)
				throws java.security.InvalidAlgorithmParameterException {
			this.delegate.initialize(params, random);
		}

		@Override
		public KeyPair generateKeyPair() {
			return this.delegate.generateKeyPair();
		}

	}

	abstract static class Delegating extends SignatureSpi {

		final Signature delegate;

		Delegating(String algorithm) throws GeneralSecurityException {
			this.delegate = Signature.getInstance(algorithm);
		}

		@Override
		protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
			this.delegate.initVerify(publicKey);
		}

		@Override
		protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
			this.delegate.initSign(privateKey);
		}

		@Override
		protected void engineUpdate(byte b) throws SignatureException {
			this.delegate.update(b);
		}

		@Override
		protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
			this.delegate.update(b, off, len);
		}

		@Override
		protected byte[] engineSign() throws SignatureException {
			return this.delegate.sign();
		}

		@Override
		protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
			return this.delegate.verify(sigBytes);
		}

		@Override
		@Deprecated
		protected void engineSetParameter(String param, Object value) {
			throw new UnsupportedOperationException();
		}

		@Override
		@Deprecated
		protected Object engineGetParameter(String param) {
			throw new UnsupportedOperationException();
		}

	}

	public static final class FlippedRsa extends Delegating {

		public FlippedRsa() throws GeneralSecurityException {
			super("SHA256withRSA");
		}

		@Override
		protected byte[] engineSign() throws SignatureException {
			byte[] signature = super.engineSign();
			signature[signature.length - 1] ^= 1;
			return signature;
		}

	}

	public static final class PlainRsa extends Delegating {

		public PlainRsa() throws GeneralSecurityException {
			super("SHA256withRSA");
		}

	}

	public static final class PlainEcdsa extends Delegating {

		public PlainEcdsa() throws GeneralSecurityException {
			super("SHA256withECDSA");
		}

	}

	public static final class LenientEcdsa extends Delegating {

		public LenientEcdsa() throws GeneralSecurityException {
			super("SHA256withECDSA");
		}

		@Override
		protected boolean engineVerify(byte[] sigBytes) {
			return true;
		}

	}

}
