package dev.sigil.issuer.credential;

import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Checks management API tokens and seeds the bootstrap platform-admin token. */
@Service
public class ApiTokens {

	static final String BOOTSTRAP_NAME = "bootstrap";

	private final ApiTokenRepository repository;

	private final Clock clock;

	public ApiTokens(ApiTokenRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/** The live API token a secret belongs to. Machine credentials are never API tokens. */
	@Transactional(readOnly = true)
	public Optional<ApiToken> authenticate(String secret) {
		if (secret == null || secret.isEmpty() || secret.startsWith(SecretTokens.MACHINE_PREFIX)) {
			return Optional.empty();
		}
		byte[] hash = SecretTokens.hash(secret);
		return this.repository.findBySecretHash(hash)
			.filter((token) -> !token.isRevoked() && SecretTokens.matches(token.getSecretHash(), hash));
	}

	/**
	 * Makes the given secret the bootstrap platform-admin token, replacing any earlier one, so that
	 * only the secret the platform was last started with works.
	 */
	@Transactional
	public void seedBootstrap(String secret) {
		byte[] hash = SecretTokens.hash(secret);
		ApiToken token = this.repository.findByName(BOOTSTRAP_NAME)
			.orElseGet(() -> new ApiToken(BOOTSTRAP_NAME, ApiRole.PLATFORM_ADMIN, hash, this.clock.instant()));
		token.replaceSecret(hash, this.clock.instant());
		this.repository.save(token);
	}

}
