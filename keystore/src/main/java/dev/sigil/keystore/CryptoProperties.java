package dev.sigil.keystore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Which provider signs, {@code sigil.crypto.*}.
 *
 * @param nativeSigning sign and make keys with the Amazon Corretto Crypto Provider
 * (AWS-LC, native) where it loads and passes its self-test; otherwise, or when
 * {@code false}, with the JDK's providers ({@code sigil.crypto.native})
 */
@ConfigurationProperties("sigil.crypto")
public record CryptoProperties(@DefaultValue("true") @Name("native") boolean nativeSigning) {
}
