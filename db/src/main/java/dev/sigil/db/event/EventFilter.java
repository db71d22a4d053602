package dev.sigil.db.event;

import java.time.Instant;
import java.util.UUID;

/**
 * What an events search asks for; every part is optional.
 *
 * @param orgId only this org's events
 * @param actionPrefix only actions starting with this, such as {@code key.}
 * @param actorPrefix only actors starting with this, such as {@code user:}
 * @param before keyset paging: only events older than this (time, then id)
 * @param beforeId the id that goes with {@code before}
 */
public record EventFilter(UUID orgId, String actionPrefix, String actorPrefix, Instant before, Long beforeId) {

	public static EventFilter all() {
		return new EventFilter(null, null, null, null, null);
	}

}
