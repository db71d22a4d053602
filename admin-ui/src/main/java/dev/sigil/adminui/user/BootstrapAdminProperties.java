package dev.sigil.adminui.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin UI's bootstrap user, {@code sigil.*}. Its password is read from the
 * environment ({@code SIGIL_ADMIN_PASSWORD}) by {@link BootstrapAdminUser}, never held
 * here: a record's {@code toString()} would print it.
 *
 * @param adminUsername user name of the bootstrap admin UI user, a platform admin
 * ({@code SIGIL_ADMIN_USERNAME}); not seeded without a password
 */
@ConfigurationProperties("sigil")
public record BootstrapAdminProperties(@DefaultValue("admin") String adminUsername) {

	public BootstrapAdminProperties {
		if (adminUsername == null || !AdminUsers.USERNAME.matcher(adminUsername).matches()) {
			throw new IllegalArgumentException("SIGIL_ADMIN_USERNAME must be " + AdminUsers.USERNAME_RULE + ", got '"
					+ ((adminUsername != null) ? adminUsername.replaceAll("[^\\x20-\\x7E]", "?") : "") + "'");
		}
	}

}
