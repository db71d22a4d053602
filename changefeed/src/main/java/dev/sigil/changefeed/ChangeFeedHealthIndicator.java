package dev.sigil.changefeed;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN while this replica has not read the change feed within the allowed lag: it may be
 * serving a credential, key or org that another replica revoked, so it must not take
 * traffic.
 */
final class ChangeFeedHealthIndicator implements HealthIndicator {

	private final ChangeFeed feed;

	ChangeFeedHealthIndicator(ChangeFeed feed) {
		this.feed = feed;
	}

	@Override
	public Health health() {
		Health.Builder health = this.feed.isFollowing() ? Health.up() : Health.down();
		health.withDetail("listening", this.feed.isListening());
		if (this.feed.isFollowing() || this.feed.lag().toSeconds() < Long.MAX_VALUE / 4) {
			health.withDetail("lagMillis", this.feed.lag().toMillis());
		}
		health.withDetail("maxLagMillis", this.feed.maxLag().toMillis());
		if (this.feed.lastFailure() != null) {
			health.withDetail("lastFailure", this.feed.lastFailure());
		}
		return health.build();
	}

}
