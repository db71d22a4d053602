package dev.sigil.agent.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Compact JWTs for unit tests: real header and payload, a dummy signature the agent never
 * checks.
 */
public final class TestTokens {

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private TestTokens(Instant issuedAt, Duration lifetime) {
		this.claims.put("iss", "https://sigil.example/acme");
		this.claims.put("sub", "acme:web:web-1");
		this.claims.put("aud", "https://sigil.example/acme");
		this.claims.put("iat", issuedAt.getEpochSecond());
		this.claims.put("nbf", issuedAt.getEpochSecond());
		this.claims.put("exp", issuedAt.plus(lifetime).getEpochSecond());
		this.claims.put("machine_name", "web-1");
	}

	/** A token issued at {@code issuedAt}, valid for {@code lifetime}. */
	public static TestTokens issued(Instant issuedAt, Duration lifetime) {
		return new TestTokens(issuedAt, lifetime);
	}

	public TestTokens claim(String name, Object value) {
		if (value == null) {
			this.claims.remove(name);
		}
		else {
			this.claims.put(name, value);
		}
		return this;
	}

	public String compact() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64
			.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(JSONObjectUtils.toJSONString(this.claims).getBytes(StandardCharsets.UTF_8))
				+ ".c2lnbmF0dXJl";
	}

	/** The claims of a compact JWT, without checking its signature. */
	public static Map<String, Object> claimsOf(String compact) {
		try {
			String payload = compact.split("\\.")[1];
			return JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("Not a JWT", ex);
		}
	}

}
