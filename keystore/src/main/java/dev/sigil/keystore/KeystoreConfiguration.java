package dev.sigil.keystore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.sigil.changefeed.ChangeFeed;
import dev.sigil.keystore.crypto.DevelopmentKek;
import dev.sigil.keystore.crypto.KeyEncryptionKey;
import dev.sigil.keystore.crypto.KeyEncryptionKeys;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.crypto.SigningProvider;
import dev.sigil.keystore.pkcs11.Pkcs11Token;
import dev.sigil.keystore.ring.KeyRing;
import dev.sigil.keystore.ring.KeyRingSync;
import dev.sigil.keystore.rotation.KeyRotationScheduler;
import dev.sigil.keystore.rotation.SigningKeyManager;
import dev.sigil.keystore.rotation.SigningKeysHealthIndicator;

/**
 * The keystore's beans. The key-encryption keys are read from {@code SIGIL_KEK} (and
 * {@code SIGIL_KEK_PREVIOUS}, comma separated) and the token's PIN from
 * {@code SIGIL_PKCS11_PIN} rather than from a properties record, so they never reach a
 * {@code toString()}; every other setting is a record.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ KeyProperties.class, KeyStoreProperties.class, KeyEncryptionProperties.class,
		CryptoProperties.class })
public class KeystoreConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(KeystoreConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	KeyEncryptionKeys keyEncryptionKeys(Environment environment, KeyEncryptionProperties properties) {
		String current = environment.getProperty("sigil.kek");
		boolean devMode = properties.devMode();
		KeyEncryptionKey kek;
		if (current == null || current.isBlank()) {
			if (!devMode) {
				throw new IllegalStateException("SIGIL_KEK is not set. Give the key-encryption key as base64 of 32 "
						+ "random bytes (for example: openssl rand -base64 32), or start with SIGIL_DEV_MODE=true "
						+ "for a throw-away development key.");
			}
			Path file = properties.devKekFile();
			kek = DevelopmentKek.load(file);
			logger.warn("**********************************************************************");
			logger.warn("DEVELOPMENT MODE: SIGIL_KEK is not set, so the key-encryption key ({}) is the one", kek.id());
			logger.warn("kept IN THE CLEAR in {} (made on first start, kept across restarts).", file.toAbsolutePath());
			logger.warn("Never run like this in production: set SIGIL_KEK and SIGIL_DEV_MODE=false.");
			logger.warn("**********************************************************************");
		}
		else {
			kek = KeyEncryptionKey.fromBase64(current);
		}
		List<KeyEncryptionKey> previous = new ArrayList<>();
		String previousList = environment.getProperty("sigil.kek-previous", "");
		for (String encoded : previousList.split(",")) {
			if (!encoded.isBlank()) {
				previous.add(KeyEncryptionKey.fromBase64(encoded));
			}
		}
		return new KeyEncryptionKeys(kek, previous);
	}

	/**
	 * The provider that makes and uses signing keys: native unless
	 * {@code sigil.crypto.native} is false or the native library does not load and pass
	 * its self-test here. The gauge {@code sigil.crypto.native} is 1 when native code
	 * signs, its tag names the provider.
	 */
	@Bean
	SigningProvider signingProvider(CryptoProperties properties, MeterRegistry meters) {
		SigningProvider provider = SigningProvider.select(properties.nativeSigning());
		if (!provider.isNative() && c1Only()) {
			logger.warn("The JDK signs and this JVM compiles with C1 only (-XX:TieredStopAtLevel below 4): the JDK's "
					+ "RSA needs C2's BigInteger intrinsics, and RS256 issuance runs about ten times slower. Remove "
					+ "-XX:TieredStopAtLevel from JAVA_TOOL_OPTIONS or SIGIL_JAVA_OPTS.");
		}
		Gauge.builder("sigil.crypto.native", provider, (p) -> p.isNative() ? 1 : 0)
			.description("1 when a native provider signs tokens, 0 when the JDK's does")
			.tag("provider", provider.description())
			.register(meters);
		return provider;
	}

	private static boolean c1Only() {
		try {
			com.sun.management.HotSpotDiagnosticMXBean hotspot = java.lang.management.ManagementFactory
				.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
			return Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) < 4;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The hardware token new signing keys are made in, with
	 * {@code SIGIL_KEY_STORE=pkcs11}. Its PIN comes from {@code SIGIL_PKCS11_PIN} or the
	 * file {@code SIGIL_PKCS11_PIN_FILE} names, read here rather than through the
	 * properties record so it never reaches a {@code toString()}, and cleared once the
	 * token has logged in.
	 */
	@Bean
	@ConditionalOnProperty(name = "sigil.pkcs11.library")
	Pkcs11Token pkcs11Token(KeyStoreProperties properties, Environment environment) {
		KeyStoreProperties.Pkcs11 settings = properties.pkcs11();
		char[] pin = pin(settings, environment);
		try {
			return Pkcs11Token.open(settings.library(), settings.tokenLabel(), settings.slot(), pin,
					properties.keyStore() == KeyStorage.PKCS11);
		}
		finally {
			java.util.Arrays.fill(pin, '\0');
		}
	}

	private static char[] pin(KeyStoreProperties.Pkcs11 settings, Environment environment) {
		String pin = environment.getProperty("sigil.pkcs11.pin");
		if (pin != null && !pin.isEmpty()) {
			if (settings.pinFile() != null) {
				throw new IllegalArgumentException("SIGIL_PKCS11_PIN and SIGIL_PKCS11_PIN_FILE are both set: set one");
			}
			return pin.toCharArray();
		}
		if (settings.pinFile() == null) {
			throw new IllegalArgumentException(
					"SIGIL_PKCS11_PIN is not set: SIGIL_KEY_STORE=pkcs11 needs the token's user PIN (or SIGIL_PKCS11_PIN_FILE)");
		}
		try {
			byte[] bytes = java.nio.file.Files.readAllBytes(settings.pinFile());
			try {
				String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
				if (text.isEmpty()) {
					throw new IllegalArgumentException("SIGIL_PKCS11_PIN_FILE " + settings.pinFile() + " is empty");
				}
				return text.toCharArray();
			}
			finally {
				java.util.Arrays.fill(bytes, (byte) 0);
			}
		}
		catch (java.io.IOException ex) {
			throw new IllegalArgumentException("SIGIL_PKCS11_PIN_FILE " + settings.pinFile() + " cannot be read", ex);
		}
	}

	@Bean
	PrivateKeySealer privateKeySealer(KeyEncryptionKeys keys) {
		return new PrivateKeySealer(keys);
	}

	@Bean
	KeyRingSync keyRingSync(ChangeFeed feed, KeyRing keyRing) {
		return new KeyRingSync(feed, keyRing);
	}

	@Bean
	KeyRotationScheduler keyRotationScheduler(SigningKeyManager manager, KeyRing keyRing, KeyProperties properties,
			SigningKeyRepository repository, Clock clock, MeterRegistry meters) {
		return new KeyRotationScheduler(manager, keyRing, properties, repository, clock, meters);
	}

	@Bean
	HealthIndicator signingKeysHealthIndicator(KeyRing keyRing, KeyRotationScheduler scheduler) {
		return new SigningKeysHealthIndicator(keyRing, scheduler);
	}

}
