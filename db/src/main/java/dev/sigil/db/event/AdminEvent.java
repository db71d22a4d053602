package dev.sigil.db.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Something an operator or the platform itself did: who ({@code actor}), what
 * ({@code action}, such as {@code key.rotated}), to which org and which object
 * ({@code subject}, such as a kid), when.
 */
public record AdminEvent(long id, Instant occurredAt, String actor, String action, UUID orgId, String subject,
		String detail) {
}
