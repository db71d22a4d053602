package dev.sigil.db.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Where the next page of an events search starts: the time and id of the last event
 * shown, as an opaque string. A cursor that does not decode is refused, never guessed at.
 */
public record EventCursor(Instant occurredAt, long id) {

	public static EventCursor after(AdminEvent event) {
		return new EventCursor(event.occurredAt(), event.id());
	}

	public String encode() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.occurredAt + "|" + this.id).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @throws IllegalArgumentException when the text is not a cursor this class made
	 */
	public static EventCursor decode(String text) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
			if (parts.length != 2) {
				throw new IllegalArgumentException("cursor is not valid");
			}
			return new EventCursor(Instant.parse(parts[0]), Long.parseLong(parts[1]));
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("cursor is not valid");
		}
	}

}
