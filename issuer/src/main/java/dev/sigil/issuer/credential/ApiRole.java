package dev.sigil.issuer.credential;

/** What a management API token may do. */
public enum ApiRole {

	/** Everything, for every org. */
	PLATFORM_ADMIN

}
