package dev.sigil.keystore;

import dev.sigil.db.event.AdminEvent;
import dev.sigil.db.event.AdminEventFeed;

/**
 * Keeps this replica's {@link KeyRing} in step with key changes made on other replicas: every key
 * event drops the org it names, except a re-wrap, which changes how a key is stored, not the key.
 */
public final class KeyRingSync {

	private final AdminEventFeed feed;

	public KeyRingSync(AdminEventFeed feed, KeyRing keyRing) {
		this.feed = feed;
		feed.subscribe((AdminEvent event) -> {
			if (event.action().startsWith("key.") && !event.action().equals("key.rewrapped")
					&& event.orgId() != null) {
				keyRing.invalidate(event.orgId());
			}
		});
	}

	/** Looks once for changes made elsewhere; never throws. */
	public void poll() {
		this.feed.poll();
	}

}
