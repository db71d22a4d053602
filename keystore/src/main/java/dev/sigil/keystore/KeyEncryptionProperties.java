package dev.sigil.keystore;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Development mode's key-encryption key, {@code sigil.dev-mode} and
 * {@code sigil.dev-kek-file}. The KEKs themselves ({@code SIGIL_KEK},
 * {@code SIGIL_KEK_PREVIOUS}) are secrets and are read apart, never from this record.
 *
 * @param devMode allows starting without {@code SIGIL_KEK}: a development KEK is made
 * once and kept in the clear in {@code devKekFile}, with a loud warning at every start
 * @param devKekFile development mode's KEK file (mode 0600)
 */
@ConfigurationProperties("sigil")
public record KeyEncryptionProperties(@DefaultValue("false") boolean devMode,
		@DefaultValue(".sigil-dev/kek") Path devKekFile) {
}
