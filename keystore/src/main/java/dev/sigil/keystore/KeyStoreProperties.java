package dev.sigil.keystore;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where new signing keys are made, {@code sigil.key-store} and {@code sigil.pkcs11.*}.
 * The token's PIN is a secret and is read apart ({@code SIGIL_PKCS11_PIN}), never from
 * this record.
 *
 * @param keyStore {@code database} (keys sealed under the KEK in PostgreSQL) or
 * {@code pkcs11} (keys generated in a hardware token and never leaving it)
 * @param pkcs11 the token, when {@code keyStore} is {@code pkcs11}
 */
@ConfigurationProperties("sigil")
public record KeyStoreProperties(@DefaultValue("database") KeyStorage keyStore, @DefaultValue Pkcs11 pkcs11) {

	public KeyStoreProperties {
		if (keyStore == KeyStorage.PKCS11 || pkcs11.library() != null) {
			pkcs11.requireComplete();
		}
	}

	/**
	 * A PKCS#11 token.
	 *
	 * @param library path of the vendor's PKCS#11 module (a shared library)
	 * @param tokenLabel the label of the token (HSM partition) to use
	 * @param slot the slot id of the token, instead of its label
	 * @param pinFile a file holding the user PIN, instead of {@code SIGIL_PKCS11_PIN}
	 */
	public record Pkcs11(Path library, String tokenLabel, Long slot, Path pinFile) {

		void requireComplete() {
			if (this.library == null) {
				throw new IllegalArgumentException("SIGIL_PKCS11_LIBRARY is not set: SIGIL_KEY_STORE=pkcs11 needs the "
						+ "path of the HSM vendor's PKCS#11 module");
			}
			if (!Files.isRegularFile(this.library) || !Files.isReadable(this.library)) {
				throw new IllegalArgumentException(
						"SIGIL_PKCS11_LIBRARY names no readable file: " + this.library.toAbsolutePath());
			}
			boolean labelled = this.tokenLabel != null && !this.tokenLabel.isBlank();
			if (labelled == (this.slot != null)) {
				throw new IllegalArgumentException("SIGIL_PKCS11_TOKEN_LABEL or SIGIL_PKCS11_SLOT must be set, "
						+ "exactly one of them, to name the token that holds the signing keys");
			}
			if (labelled && this.tokenLabel.length() > 32) {
				throw new IllegalArgumentException(
						"SIGIL_PKCS11_TOKEN_LABEL is longer than a PKCS#11 token label can be (32 characters)");
			}
			if (this.slot != null && this.slot < 0) {
				throw new IllegalArgumentException("SIGIL_PKCS11_SLOT must not be negative");
			}
			if (this.pinFile != null && !Files.isReadable(this.pinFile)) {
				throw new IllegalArgumentException(
						"SIGIL_PKCS11_PIN_FILE names no readable file: " + this.pinFile.toAbsolutePath());
			}
		}

	}

}
