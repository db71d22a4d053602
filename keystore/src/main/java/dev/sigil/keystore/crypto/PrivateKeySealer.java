package dev.sigil.keystore.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals private signing keys with AES-256-GCM under a {@link KeyEncryptionKey}. The
 * additional authenticated data binds the ciphertext to its org, kid, algorithm and
 * public key ({@link KeyBinding}), so a sealed key copied onto another key's row, or a
 * row whose public key was replaced, fails to open. Keys sealed before the public key was
 * bound (format 1: org and kid only) still open, and are re-sealed by the maintenance
 * job.
 */
public final class PrivateKeySealer {

	/**
	 * The format of keys sealed before the binding covered the algorithm and the public
	 * key.
	 */
	public static final byte FORMAT_ORG_AND_KID = 1;

	public static final byte FORMAT_BOUND = 2;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final KeyEncryptionKeys keys;

	public PrivateKeySealer(KeyEncryptionKeys keys) {
		this.keys = keys;
	}

	/** Seals the key under the current KEK, bound to what the binding names. */
	public SealedKey seal(byte[] privateKey, KeyBinding binding) {
		String kid = binding.kid();
		KeyEncryptionKey kek = this.keys.current();
		byte[] nonce = new byte[NONCE_BYTES];
		Secrets.RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, kek.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(binding.associatedData());
			byte[] sealed = cipher.doFinal(privateKey);
			ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
			out.put(FORMAT_BOUND).put(nonce).put(sealed);
			return new SealedKey(kek.id(), out.array());
		}
		catch (GeneralSecurityException ex) {
			throw new KeyDecryptionException("Could not seal key " + kid, ex);
		}
	}

	/**
	 * Opens a sealed key; fails when its KEK is unknown, or the ciphertext or binding was
	 * altered.
	 */
	public byte[] open(SealedKey sealed, KeyBinding binding) {
		UUID orgId = binding.orgId();
		String kid = binding.kid();
		KeyEncryptionKey kek = this.keys.byId(sealed.kekId())
			.orElseThrow(() -> new KeyDecryptionException("Key " + kid + " of org " + orgId
					+ " is sealed under key-encryption key " + sealed.kekId() + ", which this server does not hold"));
		byte[] data = sealed.ciphertext();
		if (data.length < 1 + NONCE_BYTES + TAG_BITS / 8
				|| (data[0] != FORMAT_BOUND && data[0] != FORMAT_ORG_AND_KID)) {
			throw new KeyDecryptionException("Key " + kid + " of org " + orgId + " is not in a known sealed format");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, kek.secretKey(), new GCMParameterSpec(TAG_BITS, data, 1, NONCE_BYTES));
			cipher.updateAAD((data[0] == FORMAT_BOUND) ? binding.associatedData() : aadOrgAndKid(orgId, kid));
			return cipher.doFinal(data, 1 + NONCE_BYTES, data.length - 1 - NONCE_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new KeyDecryptionException(
					"Key " + kid + " of org " + orgId + " could not be decrypted with key-encryption key " + kek.id()
							+ " (wrong KEK, or the stored key was altered)",
					ex);
		}
	}

	private static byte[] aadOrgAndKid(UUID orgId, String kid) {
		return ("sigil-signing-key:v1:" + orgId + ":" + kid).getBytes(StandardCharsets.UTF_8);
	}

}
