package dev.sigil.adminui.user;

/** What a person signed in to the admin UI may see and do. */
public enum AdminRole {

	/** Every org; may rotate and revoke keys and manage users. */
	PLATFORM_ADMIN,

	/** One org, read-only. */
	ORG_AUDITOR

}
