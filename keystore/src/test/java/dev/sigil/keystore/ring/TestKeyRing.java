package dev.sigil.keystore.ring;

import java.time.Clock;
import java.util.Optional;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sigil.keystore.SigningKeyRepository;
import dev.sigil.keystore.crypto.PrivateKeySealer;
import dev.sigil.keystore.crypto.SigningProvider;

/**
 * A key ring beside the test context's own, as another replica would hold one: the same
 * database, alarm and clock, but its own sealer (other KEKs) and no token. For tests
 * outside this package, since the ring's constructor is package-private.
 */
public final class TestKeyRing {

	private TestKeyRing() {
	}

	/** A key ring of the context's keys that opens them with the sealer. */
	public static KeyRing sealedWith(ApplicationContext context, PrivateKeySealer sealer) {
		return with(context, sealer, Optional.empty());
	}

	/** A key ring of the context's keys that opens them with the sealer and the token. */
	public static KeyRing with(ApplicationContext context, PrivateKeySealer sealer,
			Optional<dev.sigil.keystore.pkcs11.Pkcs11Token> token) {
		return new KeyRing(context.getBean(SigningKeyRepository.class), sealer, context.getBean(KeyAlarm.class),
				context.getBean(JdbcClient.class), context.getBean(Clock.class), context.getBean(SigningProvider.class),
				token);
	}

}
