package dev.sigil.issuer.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;

import dev.sigil.keystore.SigningAlgorithm;
import dev.sigil.keystore.ring.ActiveKey;

/**
 * Signs compact JWS tokens with one active key. The protected header ({@code alg},
 * {@code kid}, {@code typ}) is encoded once per key; each token costs one signature and
 * two base64 encodings. Thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7515#section-7.1">RFC 7515, section
 * 7.1</a>
 */
public final class JwtSigner {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final ActiveKey key;

	private final JWSHeader header;

	private final String encodedHeader;

	private final JWSSigner signer;

	private JwtSigner(ActiveKey key) throws JOSEException {
		this.key = key;
		this.header = new JWSHeader.Builder(key.algorithm().jwsAlgorithm()).keyID(key.kid())
			.type(JOSEObjectType.JWT)
			.build();
		this.encodedHeader = BASE64URL.encodeToString(("{\"alg\":\"" + key.algorithm().name() + "\",\"kid\":"
				+ JsonText.quote(key.kid()) + ",\"typ\":\"JWT\"}")
			.getBytes(StandardCharsets.UTF_8));
		// The private key as the signing provider restored it, and that provider for the
		// JCA: a native
		// key signs in native code without being translated on every call.
		JWSSigner jwsSigner = (key.algorithm() == SigningAlgorithm.ES256)
				? new ECDSASigner(key.privateKey(), Curve.P_256) : new RSASSASigner(key.privateKey());
		jwsSigner.getJCAContext().setProvider(key.provider().jcaProvider());
		this.signer = jwsSigner;
	}

	/** A signer for the key. */
	public static JwtSigner of(ActiveKey key) {
		try {
			return new JwtSigner(key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Key " + key.kid() + " cannot sign", ex);
		}
	}

	public ActiveKey key() {
		return this.key;
	}

	/** The compact serialisation of the payload (a JSON object) signed with the key. */
	public String sign(String payloadJson) {
		String signingInput = this.encodedHeader + "."
				+ BASE64URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
		try {
			return signingInput + "."
					+ this.signer.sign(this.header, signingInput.getBytes(StandardCharsets.US_ASCII)).toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing with key " + this.key.kid() + " failed", ex);
		}
	}

}
