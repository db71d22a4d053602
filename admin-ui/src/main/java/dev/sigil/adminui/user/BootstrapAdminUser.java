package dev.sigil.adminui.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Seeds the bootstrap administrator from {@code SIGIL_ADMIN_USERNAME} and
 * {@code SIGIL_ADMIN_PASSWORD}.
 */
@Component
@EnableConfigurationProperties(BootstrapAdminProperties.class)
class BootstrapAdminUser implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(BootstrapAdminUser.class);

	private final AdminUsers users;

	private final BootstrapAdminProperties properties;

	private final Environment environment;

	BootstrapAdminUser(AdminUsers users, BootstrapAdminProperties properties, Environment environment) {
		this.users = users;
		this.properties = properties;
		this.environment = environment;
		// Checked while the application starts, so that a bad password stops it with one
		// line naming the variable rather than after "Started" with a stack trace.
		String password = password();
		if (password != null && password.length() < AdminUsers.MIN_PASSWORD_LENGTH) {
			throw new IllegalStateException("SIGIL_ADMIN_PASSWORD must be at least " + AdminUsers.MIN_PASSWORD_LENGTH
					+ " characters, got " + password.length());
		}
	}

	@Override
	public void run(ApplicationArguments args) {
		String password = password();
		if (password == null) {
			logger.info("SIGIL_ADMIN_PASSWORD is not set; no bootstrap admin UI user was seeded");
			return;
		}
		this.users.seedBootstrap(this.properties.adminUsername(), password);
		logger.info("Seeded the bootstrap admin UI user={}", this.properties.adminUsername());
	}

	/**
	 * {@code SIGIL_ADMIN_PASSWORD}, or null when unset or blank. A secret: read from the
	 * environment when needed, never kept in {@link BootstrapAdminProperties}, whose
	 * {@code toString()} would print it.
	 */
	private String password() {
		String password = this.environment.getProperty("sigil.admin-password");
		return (password == null || password.isBlank()) ? null : password;
	}

}
