package dev.sigil.keystore.ring;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * An org's keys as served from memory: the active key that signs and the public keys its
 * JWKS publishes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7517#section-5">RFC 7517, section 5:
 * JWK Set</a>
 */
public final class OrgKeys {

	private final UUID orgId;

	private final ActiveKey active;

	private final String unavailableReason;

	private final JWKSet published;

	OrgKeys(UUID orgId, ActiveKey active, String unavailableReason, List<JWK> published) {
		this.orgId = orgId;
		this.active = active;
		this.unavailableReason = unavailableReason;
		this.published = new JWKSet(published.stream().map(JWK::toPublicJWK).toList());
	}

	public UUID orgId() {
		return this.orgId;
	}

	/** The signing key, absent when the org has no usable active key. */
	public Optional<ActiveKey> active() {
		return Optional.ofNullable(this.active);
	}

	/** Why there is no active key (none exists, or it could not be decrypted). */
	public String unavailableReason() {
		return (this.unavailableReason != null) ? this.unavailableReason : "org " + this.orgId + " has no active key";
	}

	/** The public keys of the org's JWKS; no private parts. */
	public JWKSet published() {
		return this.published;
	}

	@Override
	public String toString() {
		return "OrgKeys[org=" + this.orgId + ", active=" + this.active + ", published=" + this.published.size() + "]";
	}

}
