package dev.sigil.keystore.crypto;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PrivateKeySealerTests {

	private static final byte[] KEY = "-----a private key's PKCS#8 bytes-----".getBytes(StandardCharsets.US_ASCII);

	private final UUID org = UUID.randomUUID();

	private final KeyEncryptionKey kek = KeyEncryptionKey.generate();

	private final PrivateKeySealer sealer = new PrivateKeySealer(new KeyEncryptionKeys(this.kek, List.of()));

	private static KeyBinding binding(UUID org, String kid) {
		return new KeyBinding(org, kid, "ES256", "thumbprint-of-" + kid);
	}

	@Test
	void openWhenAlgorithmOrPublicKeyOfTheRecordChangedThenFails() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		assertThat(sealed.format()).isEqualTo(PrivateKeySealer.FORMAT_BOUND);
		assertThatExceptionOfType(KeyDecryptionException.class).isThrownBy(
				() -> this.sealer.open(sealed, new KeyBinding(this.org, "kid-1", "RS256", "thumbprint-of-kid-1")));
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> this.sealer.open(sealed, new KeyBinding(this.org, "kid-1", "ES256", "attackers-key")));
	}

	@Test
	void openWhenSealedInTheFormatBeforeBindingThePublicKeyThenStillOpens() throws Exception {
		javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
		byte[] nonce = new byte[12];
		cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, this.kek.secretKey(),
				new javax.crypto.spec.GCMParameterSpec(128, nonce));
		cipher.updateAAD(("sigil-signing-key:v1:" + this.org + ":kid-1").getBytes(StandardCharsets.UTF_8));
		byte[] body = cipher.doFinal(KEY);
		byte[] legacy = java.nio.ByteBuffer.allocate(1 + 12 + body.length).put((byte) 1).put(nonce).put(body).array();
		SealedKey sealed = new SealedKey(this.kek.id(), legacy);
		assertThat(sealed.format()).isEqualTo(PrivateKeySealer.FORMAT_ORG_AND_KID);
		assertThat(this.sealer.open(sealed, binding(this.org, "kid-1"))).isEqualTo(KEY);
	}

	@Test
	void openWhenSealedWithSameKekAndBindingThenReturnsKey() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		assertThat(sealed.kekId()).isEqualTo(this.kek.id());
		assertThat(this.sealer.open(sealed, binding(this.org, "kid-1"))).isEqualTo(KEY);
	}

	@Test
	void sealWhenSameKeyTwiceThenCiphertextsDifferAndHideKey() {
		SealedKey first = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		SealedKey second = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
		assertThat(new String(first.ciphertext(), StandardCharsets.ISO_8859_1))
			.doesNotContain(new String(KEY, StandardCharsets.ISO_8859_1));
	}

	@Test
	void openWhenWrongKekWithSameIdThenFails() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		KeyEncryptionKey other = KeyEncryptionKey.generate();
		PrivateKeySealer wrong = new PrivateKeySealer(new KeyEncryptionKeys(other, List.of()));
		SealedKey relabelled = new SealedKey(other.id(), sealed.ciphertext());
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> wrong.open(relabelled, binding(this.org, "kid-1")))
			.withMessageContaining("kid-1")
			.withMessageContaining(this.org.toString());
	}

	@Test
	void openWhenKekUnknownThenFailsNamingIt() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		PrivateKeySealer other = new PrivateKeySealer(new KeyEncryptionKeys(KeyEncryptionKey.generate(), List.of()));
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> other.open(sealed, binding(this.org, "kid-1")))
			.withMessageContaining(this.kek.id())
			.withMessageContaining("does not hold");
	}

	@Test
	void openWhenPreviousKekHeldThenOpensOldKeys() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		PrivateKeySealer rotated = new PrivateKeySealer(
				new KeyEncryptionKeys(KeyEncryptionKey.generate(), List.of(this.kek)));
		assertThat(rotated.open(sealed, binding(this.org, "kid-1"))).isEqualTo(KEY);
	}

	@Test
	void openWhenCiphertextTamperedThenFails() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		for (int i = 1; i < sealed.ciphertext().length; i += 7) {
			byte[] tampered = sealed.ciphertext().clone();
			tampered[i] ^= 0x01;
			assertThatExceptionOfType(KeyDecryptionException.class).isThrownBy(
					() -> this.sealer.open(new SealedKey(sealed.kekId(), tampered), binding(this.org, "kid-1")));
		}
	}

	@Test
	void openWhenTruncatedThenFails() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		byte[] truncated = java.util.Arrays.copyOf(sealed.ciphertext(), 20);
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> this.sealer.open(new SealedKey(sealed.kekId(), truncated), binding(this.org, "kid-1")));
	}

	@Test
	void openWhenBoundToOtherKidThenFails() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> this.sealer.open(sealed, binding(this.org, "kid-2")));
	}

	@Test
	void openWhenBoundToOtherOrgThenFails() {
		SealedKey sealed = this.sealer.seal(KEY, binding(this.org, "kid-1"));
		assertThatExceptionOfType(KeyDecryptionException.class)
			.isThrownBy(() -> this.sealer.open(sealed, binding(UUID.randomUUID(), "kid-1")));
	}

}
