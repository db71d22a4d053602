package dev.sigil.keystore.crypto;

import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyEncryptionKeyTests {

	@Test
	void fromBase64WhenSameMaterialThenSameIdInEitherAlphabet() {
		byte[] material = new byte[32];
		for (int i = 0; i < material.length; i++) {
			material[i] = (byte) (i * 37 + 250);
		}
		KeyEncryptionKey standard = KeyEncryptionKey.fromBase64(Base64.getEncoder().encodeToString(material));
		KeyEncryptionKey urlSafe = KeyEncryptionKey
			.fromBase64(Base64.getUrlEncoder().withoutPadding().encodeToString(material));
		assertThat(standard.id()).isEqualTo(urlSafe.id()).hasSize(16);
	}

	@Test
	void toStringWhenPrintedThenShowsOnlyId() {
		KeyEncryptionKey key = KeyEncryptionKey.generate();
		assertThat(key.toString()).isEqualTo("KeyEncryptionKey[id=" + key.id() + "]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "not base64!!", "c2hvcnQ=" })
	void fromBase64WhenNotThirtyTwoBytesOfBase64ThenRefused(String encoded) {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryptionKey.fromBase64(encoded))
			.withMessageContaining("key-encryption key");
	}

	@Test
	void fromBase64WhenOneCharacterWrongThenTheMessageQuotesNoneOfTheKey() {
		// 32 bytes of base64 with one character no alphabet has: the decoder's own
		// message
		// names that character ("Illegal base64 character 2a"), a character of the key.
		String almost = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd*x8=";
		Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> KeyEncryptionKey.fromBase64(almost));
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		assertThat(messages.toString()).contains("not valid base64").doesNotContain("2a").doesNotContain("*");
	}

}
