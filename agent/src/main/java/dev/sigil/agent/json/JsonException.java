package dev.sigil.agent.json;

/** Text that is not the JSON expected. */
public final class JsonException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public JsonException(String message) {
		super("Not valid JSON: " + message);
	}

}
