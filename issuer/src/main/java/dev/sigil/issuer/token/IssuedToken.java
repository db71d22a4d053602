package dev.sigil.issuer.token;

import java.util.UUID;

/**
 * A signed machine token and its id. The token is handed to the caller and never logged
 * or stored.
 */
public record IssuedToken(String value, UUID jti, String kid) {

	@Override
	public String toString() {
		return "IssuedToken[jti=" + this.jti + ", kid=" + this.kid + "]";
	}

}
