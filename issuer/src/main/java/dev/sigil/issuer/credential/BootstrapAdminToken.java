package dev.sigil.issuer.credential;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Seeds the platform-admin API token from {@code SIGIL_BOOTSTRAP_ADMIN_TOKEN} at
 * start-up. The secret is read from the environment, hashed, and not kept.
 */
@Component
class BootstrapAdminToken implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapAdminToken.class);

	static final int MIN_LENGTH = 32;

	private final ApiTokens apiTokens;

	private final Environment environment;

	BootstrapAdminToken(ApiTokens apiTokens, Environment environment) {
		this.apiTokens = apiTokens;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		// A secret: read from the environment here, its one reader, and never held in a
		// settings record, whose toString() would print it.
		String secret = this.environment.getProperty("sigil.bootstrap-admin-token");
		if (secret == null || secret.isBlank()) {
			if (this.apiTokens.revokeBootstrap()) {
				logger.warn("SIGIL_BOOTSTRAP_ADMIN_TOKEN is no longer set: the bootstrap admin token was revoked");
			}
			else {
				logger.info("SIGIL_BOOTSTRAP_ADMIN_TOKEN is not set; no bootstrap admin token was seeded");
			}
			return;
		}
		if (secret.length() < MIN_LENGTH || secret.startsWith(SecretTokens.MACHINE_PREFIX)) {
			throw new IllegalStateException("SIGIL_BOOTSTRAP_ADMIN_TOKEN must be at least " + MIN_LENGTH
					+ " random characters (for example: echo sga_$(openssl rand -hex 32)) and not a machine credential");
		}
		this.apiTokens.seedBootstrap(secret);
		logger.info("Seeded the bootstrap platform-admin API token");
	}

}
