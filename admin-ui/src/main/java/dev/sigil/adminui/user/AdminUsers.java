package dev.sigil.adminui.user;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.issuer.error.SigilException;

/**
 * Admin UI users: sign-in lookups, lock-out after repeated failures, and creation by
 * platform admins.
 */
@Service
public class AdminUsers implements UserDetailsService {

	private static final Logger logger = LoggerFactory.getLogger(AdminUsers.class);

	static final int MIN_PASSWORD_LENGTH = 12;

	/** What a user name may be, the bootstrap user's too. */
	static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,100}");

	static final String USERNAME_RULE = "3-100 letters, digits, dots, underscores, @ or hyphens";

	private final AdminUserRepository repository;

	private final PasswordEncoder passwords;

	private final AdminEvents events;

	private final AdminUiProperties properties;

	private final SignInBudget budget;

	private final Clock clock;

	public AdminUsers(AdminUserRepository repository, PasswordEncoder passwords, AdminEvents events,
			AdminUiProperties properties, SignInBudget budget, Clock clock) {
		this.repository = repository;
		this.passwords = passwords;
		this.events = events;
		this.properties = properties;
		this.budget = budget;
		this.clock = clock;
	}

	/**
	 * Looks up a user for a password sign-in, and takes one guess from the account's
	 * budget before Spring Security checks the password: a locked account is returned
	 * locked, so no password of it is checked at all (see {@link SignInBudget}).
	 */
	@Override
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public UserDetails loadUserByUsername(String username) {
		AdminUser user = this.repository.findByUsername(username)
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
		Optional<Boolean> taken = this.budget.take(username);
		if (taken.orElse(false)) {
			Duration lockout = this.properties.lockoutDuration();
			this.events.record("user:" + username, "signin.locked", user.getOrgId(), username,
					"locked for " + lockout + " after " + this.properties.maxFailedSignIns() + " guesses");
			logger.warn("Locked admin user={} for {} after repeated sign-in attempts", username, lockout);
		}
		return new AdminPrincipal(user.getUsername(), user.getPasswordHash(), user.getRole(), user.getOrgId(),
				taken.isEmpty());
	}

	/**
	 * Records a failed sign-in without flooding the events: an account's failures are
	 * counted per window, and an event is written at the 1st, 10th, 100th... of them,
	 * with the count. Unknown accounts share one count.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void signInFailed(String username, String reason) {
		Optional<AdminUser> user = this.repository.findByUsername(username);
		String account = user.isPresent() ? username : "(unknown account)";
		int failures = this.budget.countFailure(account);
		if (isPowerOfTen(failures)) {
			this.events.record("user:" + account, "signin.failed", user.map(AdminUser::getOrgId).orElse(null), account,
					failures + ((failures == 1) ? " failed sign-in" : " failed sign-ins") + " in the last "
							+ this.properties.lockoutDuration() + " (" + reason + ")");
		}
	}

	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void signedIn(String username, UUID orgId) {
		this.budget.restore(username);
		this.events.record("user:" + username, "signin.succeeded", orgId, username, null);
	}

	private static boolean isPowerOfTen(int count) {
		int value = count;
		while (value >= 10 && value % 10 == 0) {
			value /= 10;
		}
		return value == 1;
	}

	@Transactional(readOnly = true)
	public List<AdminUser> all() {
		return this.repository.findAllByOrderByUsernameAsc();
	}

	/** Creates a user; an auditor must name the org they may see. */
	@Transactional
	public AdminUser create(String username, String password, AdminRole role, UUID orgId, String actor) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw SigilException.invalid("username must be " + USERNAME_RULE);
		}
		checkPassword(password);
		if (role == AdminRole.ORG_AUDITOR && orgId == null) {
			throw SigilException.invalid("an org auditor needs an org");
		}
		if (this.repository.findByUsername(username).isPresent()) {
			throw SigilException.conflict("user '" + username + "' exists");
		}
		AdminUser user = new AdminUser(username, this.passwords.encode(password), role,
				(role == AdminRole.ORG_AUDITOR) ? orgId : null, this.clock.instant());
		this.repository.save(user);
		this.events.record(actor, "user.created", user.getOrgId(), username, role.name());
		return user;
	}

	/**
	 * Makes the bootstrap administrator exist with this password (re-hashed only when it
	 * changed).
	 */
	@Transactional
	public void seedBootstrap(String username, String password) {
		checkPassword(password);
		AdminUser user = this.repository.findByUsername(username).orElse(null);
		if (user == null) {
			this.repository.save(new AdminUser(username, this.passwords.encode(password), AdminRole.PLATFORM_ADMIN,
					null, this.clock.instant()));
			this.events.record("system", "user.created", null, username, "bootstrap platform admin");
			return;
		}
		user.makePlatformAdmin();
		if (user.getPasswordHash() == null || !this.passwords.matches(password, user.getPasswordHash())) {
			user.changePassword(this.passwords.encode(password));
		}
		this.repository.save(user);
	}

	private static void checkPassword(String password) {
		if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
			throw SigilException.invalid("a password must be at least " + MIN_PASSWORD_LENGTH + " characters");
		}
	}

}
