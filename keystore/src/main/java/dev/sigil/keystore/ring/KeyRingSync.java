package dev.sigil.keystore.ring;

import dev.sigil.changefeed.ChangeFeed;
import dev.sigil.db.event.AdminEvent;

/**
 * Keeps this replica's {@link KeyRing} in step with key changes made on any replica:
 * every key event drops the org it names, except a re-wrap, which changes how a key is
 * stored, not the key; a deleted org is dropped too.
 */
public final class KeyRingSync {

	public KeyRingSync(ChangeFeed feed, KeyRing keyRing) {
		feed.onResync(keyRing::invalidateAll);
		feed.subscribe((AdminEvent event) -> {
			if (event.orgId() != null && affectsKeys(event.action())) {
				keyRing.invalidate(event.orgId());
			}
		});
	}

	static boolean affectsKeys(String action) {
		return (action.startsWith("key.") && !action.equals("key.rewrapped")) || action.equals("org.deleted");
	}

}
