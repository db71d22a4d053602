package dev.sigil.adminui.user;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admin UI sign-in settings, {@code sigil.admin.*}. The bootstrap password is read from
 * the environment ({@code SIGIL_ADMIN_PASSWORD}), never held here.
 *
 * @param maxFailedSignIns failures in a row that lock an account
 * @param lockoutDuration how long a locked account stays locked
 * @param sso per single sign-on registration id (as in
 * {@code spring.security.oauth2.client.registration.<id>}), how its claims map to roles
 */
@ConfigurationProperties("sigil.admin")
public record AdminUiProperties(@DefaultValue("5") int maxFailedSignIns, @DefaultValue("15m") Duration lockoutDuration,
		@DefaultValue Map<String, SsoRoles> sso) {

	public AdminUiProperties {
		if (maxFailedSignIns < 1) {
			throw new IllegalArgumentException("sigil.admin.max-failed-sign-ins must be at least 1");
		}
		if (lockoutDuration.isNegative() || lockoutDuration.isZero()) {
			throw new IllegalArgumentException("sigil.admin.lockout-duration must be positive");
		}
	}

}
