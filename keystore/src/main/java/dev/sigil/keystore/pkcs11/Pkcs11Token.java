package dev.sigil.keystore.pkcs11;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.crypto.SigningProvider;

/**
 * Signing keys held in a PKCS#11 token (an HSM partition) through the JDK's SunPKCS11
 * provider. A key pair is generated inside the token with a private key that is
 * {@code CKA_SENSITIVE} and not {@code CKA_EXTRACTABLE}, may only sign, and is stored as
 * a token object whose {@code CKA_ID} is the kid; nothing of it ever leaves the token.
 * Signing goes through the provider, which pools the token's sessions between threads.
 * <p>
 * SunPKCS11's key store lists a private key only beside a certificate of the same
 * {@code CKA_ID}, so each key is stored with a self-signed certificate that names the kid
 * (label and subject) and carries the time it was made; it certifies nothing else.
 *
 * @see <a href=
 * "https://docs.oracle.com/en/java/javase/17/security/pkcs11-reference-guide1.html">PKCS#11
 * Reference Guide</a>
 */
public final class Pkcs11Token {

	private static final Logger logger = LoggerFactory.getLogger(Pkcs11Token.class);

	/**
	 * The private key may sign and do nothing else, and can never be read out; the public
	 * key object may only verify.
	 */
	private static final String KEY_TEMPLATES = """
			attributes(generate, CKO_PRIVATE_KEY, *) = {
			  CKA_PRIVATE = true
			  CKA_SENSITIVE = true
			  CKA_EXTRACTABLE = false
			  CKA_SIGN = true
			  CKA_DECRYPT = false
			  CKA_UNWRAP = false
			}
			attributes(generate, CKO_PUBLIC_KEY, *) = {
			  CKA_VERIFY = true
			  CKA_ENCRYPT = false
			  CKA_WRAP = false
			}
			""";

	private static final Map<Long, String> RETURN_VALUES = new TreeMap<>(Map.of(0x5L, "CKR_GENERAL_ERROR", 0x6L,
			"CKR_FUNCTION_FAILED", 0x30L, "CKR_DEVICE_ERROR", 0x32L, "CKR_DEVICE_REMOVED", 0x82L,
			"CKR_OBJECT_HANDLE_INVALID", 0xA0L, "CKR_PIN_INCORRECT", 0xA4L, "CKR_PIN_LOCKED", 0xE0L,
			"CKR_TOKEN_NOT_PRESENT", 0x60L, "CKR_KEY_HANDLE_INVALID", 0x190L, "CKR_CRYPTOKI_NOT_INITIALIZED"));

	/** The organisation named in the certificate of every key Sigil makes. */
	private static final String MAKER = "Sigil signing key";

	private final Provider provider;

	private final KeyStore keyStore;

	private final SigningProvider signingProvider;

	private final String description;

	/**
	 * Kept to log in again when the token has dropped the session (an HSM failover); the
	 * same secret the environment holds, never logged.
	 */
	private final char[] pin;

	private final boolean makesNewKeys;

	private Pkcs11Token(Provider provider, KeyStore keyStore, String description, char[] pin, boolean makesNewKeys) {
		this.makesNewKeys = makesNewKeys;
		this.provider = provider;
		this.keyStore = keyStore;
		this.description = description;
		this.pin = pin.clone();
		this.signingProvider = SigningProvider.token(provider, description);
	}

	/**
	 * Opens the token and logs in.
	 * @param library the vendor's PKCS#11 module
	 * @param tokenLabel the token's label, or {@code null} when a slot is given
	 * @param slot the token's slot id, or {@code null} when a label is given
	 * @param pin the user PIN (copied; the caller clears its array)
	 * @param makesNewKeys whether new signing keys are made here
	 * ({@code SIGIL_KEY_STORE=pkcs11}) or the token only serves the keys already in it
	 */
	public static Pkcs11Token open(Path library, String tokenLabel, Long slot, char[] pin, boolean makesNewKeys) {
		long slotId = (slot != null) ? slot : TokenSlots.slotOf(library, tokenLabel);
		String name = "Sigil-" + slotId;
		// SunPKCS11 reads its configuration as a file name or, after "--", inline.
		String configuration = "--name = " + name + "\nlibrary = " + quoted(library) + "\nslot = " + slotId + "\n"
				+ KEY_TEMPLATES;
		String description = "PKCS#11 token " + ((tokenLabel != null) ? "'" + tokenLabel + "'" : "in slot " + slotId)
				+ " of " + library.getFileName();
		Provider provider;
		try {
			provider = Security.getProvider("SunPKCS11").configure(configuration);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(
					"SIGIL_PKCS11_LIBRARY " + library + " cannot serve slot " + slotId + ": " + rootMessage(ex), ex);
		}
		try {
			KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
			keyStore.load(null, pin);
			logger.info("Signing keys are generated and used in the {} ({} keys held)", description, keyStore.size());
			return new Pkcs11Token(provider, keyStore, description, pin, makesNewKeys);
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			String reason = rootMessage(ex);
			if (reason.contains("CKR_PIN_INCORRECT") || reason.contains("CKR_PIN_LOCKED")
					|| reason.contains("CKR_PIN_LEN_RANGE")) {
				throw new IllegalStateException(
						"SIGIL_PKCS11_PIN was not accepted by the " + description + ": " + reason, ex);
			}
			throw new IllegalStateException(
					"SIGIL_PKCS11_LIBRARY: the " + description + " could not be opened as a key store: " + reason
							+ " (Sigil needs a token, or partition, of its own: see docs/hsm.md)",
					ex);
		}
	}

	/**
	 * Generates a key pair in the token and stores it under its kid (the public key's RFC
	 * 7638 thumbprint, as for keys kept in the database).
	 * @return the public JWK
	 */
	public synchronized JWK generate(SigningAlgorithm algorithm, UUID orgId, Instant now) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyAlgorithm(), this.provider);
			if (algorithm == SigningAlgorithm.ES256) {
				generator.initialize(new ECGenParameterSpec("secp256r1"));
			}
			else {
				generator.initialize(2048);
			}
			KeyPair pair = generator.generateKeyPair();
			JWK publicJwk = algorithm.publicJwk(pair.getPublic());
			X509Certificate holder = certificate(publicJwk.getKeyID(), orgId, pair, algorithm, now);
			// The generated pair is made of session objects: storing it copies the
			// private
			// key into a token object with CKA_ID = kid, keeping its attributes.
			this.keyStore.setKeyEntry(publicJwk.getKeyID(), pair.getPrivate(), null, new Certificate[] { holder });
			return publicJwk;
		}
		catch (GeneralSecurityException | JOSEException | OperatorCreationException | RuntimeException ex) {
			throw new IllegalStateException(
					"The " + this.description + " could not generate a " + algorithm + " key: " + rootMessage(ex), ex);
		}
	}

	/**
	 * The private key of the kid as the token holds it (a handle, never the key), or
	 * {@code null} when the token has no such key.
	 * @throws IllegalStateException when the token cannot be asked (unreachable, logged
	 * out, a device error): the key may well be there
	 */
	public synchronized PrivateKey privateKey(String kid) {
		try {
			Key key = this.keyStore.getKey(kid, null);
			if (key == null) {
				// Another replica may have made it since this one last listed the token.
				refresh();
				key = this.keyStore.getKey(kid, null);
			}
			return (key instanceof PrivateKey privateKey) ? privateKey : null;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException(
					"The " + this.description + " could not look up kid " + kid + ": " + rootMessage(ex), ex);
		}
	}

	/** The kids of every key the token holds, read from the token now. */
	public synchronized Set<String> kids() {
		try {
			refresh();
			return Collections.unmodifiableSet(new TreeSet<>(Collections.list(this.keyStore.aliases())));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("The " + this.description + " could not be listed: " + rootMessage(ex), ex);
		}
	}

	/**
	 * Which org the key of the kid was made for and when, read from its certificate; or
	 * {@code null} when the token holds no such key or it was not made by Sigil.
	 */
	public synchronized Origin origin(String kid) {
		try {
			Certificate certificate = this.keyStore.getCertificate(kid);
			if (!(certificate instanceof X509Certificate x509)) {
				return null;
			}
			X500Name subject = X500Name.getInstance(x509.getSubjectX500Principal().getEncoded());
			RDN[] units = subject.getRDNs(BCStyle.OU);
			RDN[] organisations = subject.getRDNs(BCStyle.O);
			if (units.length != 1 || organisations.length != 1
					|| !MAKER.equals(IETFUtils.valueToString(organisations[0].getFirst().getValue()))) {
				return null;
			}
			return new Origin(UUID.fromString(IETFUtils.valueToString(units[0].getFirst().getValue())),
					x509.getNotBefore().toInstant());
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return null;
		}
	}

	/** The org a key in the token was made for, and when. */
	public record Origin(UUID orgId, Instant createdAt) {
	}

	/**
	 * Destroys the key of the kid (private key and certificate) when Sigil made it for
	 * the org; nothing when it is not there, and a key made for another org (or not by
	 * Sigil) is left alone.
	 */
	public synchronized void destroy(String kid, UUID orgId) {
		try {
			refresh();
			if (!this.keyStore.containsAlias(kid)) {
				return;
			}
			Origin origin = origin(kid);
			if (origin == null || !origin.orgId().equals(orgId)) {
				logger.warn("Not destroying the token object of kid={}: it was not made by Sigil for org={}", kid,
						orgId);
				return;
			}
			this.keyStore.deleteEntry(kid);
			logger.info("Destroyed the token object of kid={} org={} in the {}", kid, orgId, this.description);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException(
					"The " + this.description + " could not destroy the key of kid " + kid + ": " + rootMessage(ex),
					ex);
		}
	}

	/**
	 * Whether new signing keys are made in this token; otherwise it serves the keys
	 * already in it (while every replica is given the token before the switch, or after
	 * switching back to the database).
	 */
	public boolean makesNewKeys() {
		return this.makesNewKeys;
	}

	/** The provider that signs with this token's keys. */
	public SigningProvider signingProvider() {
		return this.signingProvider;
	}

	public String description() {
		return this.description;
	}

	private void refresh() throws GeneralSecurityException {
		try {
			// Logged in: loading again only lists the token's objects anew. Logged out
			// (the
			// token dropped the session): logs in again.
			this.keyStore.load(null, this.pin);
		}
		catch (IOException ex) {
			throw new GeneralSecurityException(ex.getMessage(), ex);
		}
	}

	private X509Certificate certificate(String kid, UUID orgId, KeyPair pair, SigningAlgorithm algorithm, Instant now)
			throws OperatorCreationException, GeneralSecurityException {
		X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, kid)
			.addRDN(BCStyle.OU, orgId.toString())
			.addRDN(BCStyle.O, MAKER)
			.build();
		BigInteger serial = new BigInteger(64, new SecureRandom());
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial, Date.from(now),
				Date.from(now.plusSeconds(100L * 365 * 24 * 3600)), subject, pair.getPublic());
		return new JcaX509CertificateConverter().getCertificate(
				builder.build(new JcaContentSignerBuilder(algorithm.jcaSignature()).setProvider(this.provider)
					.build(pair.getPrivate())));
	}

	private static String quoted(Path library) {
		String path = library.toAbsolutePath().toString();
		if (path.contains("\"") || path.contains("\n")) {
			throw new IllegalArgumentException("SIGIL_PKCS11_LIBRARY must not contain quotes or line breaks");
		}
		return "\"" + path + "\"";
	}

	/** A PKCS#11 return value with its name, for messages. */
	static String returnValue(long value) {
		String name = RETURN_VALUES.get(value);
		return "0x" + Long.toHexString(value) + ((name != null) ? " (" + name + ")" : "");
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	@Override
	public String toString() {
		return "Pkcs11Token[" + this.description + "]";
	}

}
