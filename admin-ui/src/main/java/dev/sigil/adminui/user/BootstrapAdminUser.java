package dev.sigil.adminui.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Seeds the bootstrap administrator from {@code SIGIL_ADMIN_USERNAME} and
 * {@code SIGIL_ADMIN_PASSWORD}.
 */
@Component
class BootstrapAdminUser implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapAdminUser.class);

	private final AdminUsers users;

	private final Environment environment;

	BootstrapAdminUser(AdminUsers users, Environment environment) {
		this.users = users;
		this.environment = environment;
		// Checked while the application starts, so that a bad password stops it with one
		// line naming
		// the variable rather than after "Started" with a stack trace.
		String password = environment.getProperty("sigil.admin-password");
		if (password != null && !password.isBlank() && password.length() < AdminUsers.MIN_PASSWORD_LENGTH) {
			throw new IllegalStateException("SIGIL_ADMIN_PASSWORD must be at least " + AdminUsers.MIN_PASSWORD_LENGTH
					+ " characters, got " + password.length());
		}
	}

	@Override
	public void run(ApplicationArguments args) {
		String username = this.environment.getProperty("sigil.admin-username", "admin");
		String password = this.environment.getProperty("sigil.admin-password");
		if (password == null || password.isBlank()) {
			logger.info("SIGIL_ADMIN_PASSWORD is not set; no bootstrap admin UI user was seeded");
			return;
		}
		this.users.seedBootstrap(username, password);
		logger.info("Seeded the bootstrap admin UI user={}", username);
	}

}
