package dev.sigil.agent.token;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.sigil.agent.json.Json;

/**
 * A machine token as the platform returned it, with the few claims the agent needs to
 * schedule its renewal and name the machine. The signature is not checked: relying
 * parties do that, and the agent got the token from its own platform. {@link #toString()}
 * never shows the token.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7519#section-4.1">RFC 7519, section
 * 4.1: registered claims</a>
 */
public final class MachineToken {

	private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

	/** The year 9999: anything later is not a time. */
	private static final BigDecimal LATEST_SECONDS = BigDecimal.valueOf(253_402_300_799L);

	private final String value;

	private final Instant issuedAt;

	private final Instant expiresAt;

	private final Instant receivedAt;

	private final String machineName;

	private MachineToken(String value, Instant issuedAt, Instant expiresAt, Instant receivedAt, String machineName) {
		this.value = value;
		this.issuedAt = issuedAt;
		this.expiresAt = expiresAt;
		this.receivedAt = receivedAt;
		this.machineName = machineName;
	}

	/**
	 * Reads a compact JWT received at the given instant of the local clock.
	 * @throws IllegalArgumentException when it is not a JWT with a numeric {@code exp}
	 * after its {@code iat}
	 */
	public static MachineToken parse(String compact, Instant receivedAt) {
		if (!COMPACT_JWS.matcher(compact).matches()) {
			throw new IllegalArgumentException("not a compact JWT");
		}
		String payload = compact.substring(compact.indexOf('.') + 1, compact.lastIndexOf('.'));
		Map<String, Object> claims;
		try {
			claims = Json.parseObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the JWT payload is not a JSON object", ex);
		}
		Instant expiresAt = time(claims, "exp")
			.orElseThrow(() -> new IllegalArgumentException("the JWT has no numeric exp claim"));
		Instant issuedAt = time(claims, "iat").orElse(receivedAt);
		if (!expiresAt.isAfter(issuedAt)) {
			throw new IllegalArgumentException("the JWT expires before it was issued");
		}
		Object name = claims.get("machine_name");
		return new MachineToken(compact, issuedAt, expiresAt, receivedAt,
				(name instanceof String string) ? string : null);
	}

	private static Optional<Instant> time(Map<String, Object> claims, String name) {
		if (!(claims.get(name) instanceof BigDecimal seconds)) {
			return Optional.empty();
		}
		if (seconds.signum() < 0 || seconds.compareTo(LATEST_SECONDS) > 0) {
			throw new IllegalArgumentException("the JWT's " + name + " claim is out of range");
		}
		return Optional.of(Instant.ofEpochSecond(seconds.longValue()));
	}

	/** The compact JWT. */
	public String value() {
		return this.value;
	}

	/** The {@code exp} claim, on the platform's clock. */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/** How long the platform made the token valid for ({@code exp - iat}). */
	public Duration lifetime() {
		return Duration.between(this.issuedAt, this.expiresAt);
	}

	/**
	 * When the token expires on the local clock: its lifetime counted from when it was
	 * received, so that a machine whose clock is off still renews in time.
	 */
	public Instant localExpiry() {
		return this.receivedAt.plus(lifetime());
	}

	/** The {@code machine_name} claim. */
	public Optional<String> machineName() {
		return Optional.ofNullable(this.machineName);
	}

	@Override
	public String toString() {
		return "MachineToken[machine=" + this.machineName + ", exp=" + this.expiresAt + "]";
	}

}
