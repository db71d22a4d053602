package dev.sigil.keystore;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sigil.db.event.AdminEvent;
import dev.sigil.db.event.AdminEvents;

/**
 * Keeps this replica's {@link KeyRing} in step with changes made on other replicas: it reads the key
 * events of the admin event log and drops the orgs they name. Ids are read with an overlap, so an
 * event whose transaction committed after a later one is still seen.
 */
public final class KeyRingSync {

	private static final Logger logger = LoggerFactory.getLogger(KeyRingSync.class);

	private static final long OVERLAP = 200;

	private final AdminEvents events;

	private final KeyRing keyRing;

	private final Set<Long> seen = new HashSet<>();

	private long highest = -1;

	public KeyRingSync(AdminEvents events, KeyRing keyRing) {
		this.events = events;
		this.keyRing = keyRing;
	}

	/** Looks once for key changes; never throws. */
	public synchronized void poll() {
		try {
			if (this.highest < 0) {
				this.highest = this.events.lastId();
				return;
			}
			for (AdminEvent event : this.events.after(Math.max(0, this.highest - OVERLAP), "key.")) {
				// A re-wrap changes how a key is stored, not the key: what is held stays good.
				if (this.seen.add(event.id()) && event.orgId() != null && !event.action().equals("key.rewrapped")) {
					this.keyRing.invalidate(event.orgId());
				}
				this.highest = Math.max(this.highest, event.id());
			}
			this.seen.removeIf((id) -> id <= this.highest - OVERLAP);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read key changes of other replicas: {}", ex.getMessage());
		}
	}

}
