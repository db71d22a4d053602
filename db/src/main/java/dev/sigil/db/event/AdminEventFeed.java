package dev.sigil.db.event;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands each new admin event, once, to the listeners of this replica, so that what a replica holds in
 * memory follows changes made on another. Ids are read with an overlap, so an event whose transaction
 * committed after a later one is still seen.
 */
@Component
public class AdminEventFeed {

	private static final Logger logger = LoggerFactory.getLogger(AdminEventFeed.class);

	private static final long OVERLAP = 200;

	private final AdminEvents events;

	private final List<Consumer<AdminEvent>> listeners = new CopyOnWriteArrayList<>();

	private final Set<Long> seen = new HashSet<>();

	private long highest = -1;

	public AdminEventFeed(AdminEvents events) {
		this.events = events;
	}

	public void subscribe(Consumer<AdminEvent> listener) {
		this.listeners.add(listener);
	}

	/** Reads the events recorded since the last call and hands them on; never throws. */
	public synchronized void poll() {
		try {
			if (this.highest < 0) {
				this.highest = this.events.lastId();
				return;
			}
			for (AdminEvent event : this.events.after(Math.max(0, this.highest - OVERLAP), "")) {
				if (this.seen.add(event.id())) {
					this.listeners.forEach((listener) -> listener.accept(event));
				}
				this.highest = Math.max(this.highest, event.id());
			}
			this.seen.removeIf((id) -> id <= this.highest - OVERLAP);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read admin events for replica sync: {}", ex.getMessage());
		}
	}

}
