package dev.sigil.adminui.user;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The password guesses an account has left, kept in one SQL statement each, so that
 * concurrent guesses cannot race past the lock-out: a guess takes a unit of the budget
 * before its password is checked; the guess that spends the last unit locks the account;
 * a success gives the budget back. At most {@code max-failed-sign-ins} passwords are
 * checked per lock-out, however many guesses arrive at once.
 */
@Component
class SignInBudget {

	private static final String TAKE = """
			update admin_user
			set failed_attempts = case when failed_attempts + 1 >= ? then 0 else failed_attempts + 1 end,
			    locked_until = case when failed_attempts + 1 >= ? then ?::timestamptz else null end
			where username = ? and password_hash is not null and (locked_until is null or locked_until <= ?::timestamptz)
			returning locked_until
			""";

	private final JdbcClient jdbc;

	private final AdminUiProperties properties;

	private final Clock clock;

	SignInBudget(JdbcClient jdbc, AdminUiProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Takes one guess from the account's budget.
	 * @return empty when the account is locked (or unknown): its password must not be
	 * checked; otherwise whether this guess locked the account
	 */
	Optional<Boolean> take(String username) {
		Instant now = this.clock.instant();
		Timestamp lockUntil = Timestamp.from(now.plus(this.properties.lockoutDuration()));
		return this.jdbc.sql(TAKE)
			.params(this.properties.maxFailedSignIns(), this.properties.maxFailedSignIns(), lockUntil, username,
					Timestamp.from(now))
			.query((rs, row) -> rs.getTimestamp("locked_until") != null)
			.optional();
	}

	/** A right password: the budget is full again and the account unlocked. */
	void restore(String username) {
		this.jdbc.sql("update admin_user set failed_attempts = 0, locked_until = null where username = ?")
			.param(username)
			.update();
	}

	/**
	 * Counts a failure of the account in its window (the lock-out duration) and returns
	 * the count, so that events can be recorded at the 1st, 10th, 100th... failure rather
	 * than at each.
	 */
	int countFailure(String account) {
		Instant now = this.clock.instant();
		Timestamp windowOpen = Timestamp.from(now.minus(this.properties.lockoutDuration()));
		return this.jdbc.sql("""
				insert into sign_in_failure (account, window_start, failures) values (?, ?, 1)
				on conflict (account) do update set
				    failures = case when sign_in_failure.window_start > ? then sign_in_failure.failures + 1 else 1 end,
				    window_start = case when sign_in_failure.window_start > ? then sign_in_failure.window_start
				                        else excluded.window_start end
				returning failures
				""").params(account, Timestamp.from(now), windowOpen, windowOpen).query(Integer.class).single();
	}

}
