package dev.sigil.keystore.crypto;

import java.util.UUID;

/**
 * What a sealed private key is bound to, authenticated with it under the KEK: its org,
 * its kid, its algorithm and its public key (as the RFC 7638 thumbprint of the stored
 * public JWK). A record in the database whose public key, algorithm, org or kid was
 * changed no longer opens.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7638">RFC 7638: JWK Thumbprint</a>
 */
public record KeyBinding(UUID orgId, String kid, String algorithm, String publicKeyThumbprint) {

	byte[] associatedData() {
		return ("sigil-signing-key:v2:" + this.orgId + ":" + this.kid + ":" + this.algorithm + ":"
				+ this.publicKeyThumbprint)
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

}
