package dev.sigil.adminui.user;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in person as Spring Security holds it: role and, for an auditor, the one org
 * they see. The password hash is dropped once sign-in is done.
 */
public final class AdminPrincipal implements UserDetails, CredentialsContainer {

	private final String username;

	private final String displayName;

	private String passwordHash;

	private final AdminRole role;

	private final UUID orgId;

	private final boolean locked;

	AdminPrincipal(String username, String passwordHash, AdminRole role, UUID orgId, boolean locked) {
		this(username, username, passwordHash, role, orgId, locked);
	}

	private AdminPrincipal(String username, String displayName, String passwordHash, AdminRole role, UUID orgId,
			boolean locked) {
		this.username = username;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.role = role;
		this.orgId = orgId;
		this.locked = locked;
	}

	/**
	 * A principal for single sign-on, which has no password here.
	 * @param identity who the person is for good: the provider's issuer and their
	 * {@code sub}
	 * @param displayName what to show, which may change
	 */
	public static AdminPrincipal external(String identity, String displayName, AdminRole role, UUID orgId) {
		return new AdminPrincipal(identity, displayName, null, role, orgId, false);
	}

	/**
	 * The name shown on pages; the username (for single sign-on, issuer and subject)
	 * identifies.
	 */
	public String displayName() {
		return this.displayName;
	}

	public AdminRole role() {
		return this.role;
	}

	/** The org an auditor is limited to; null for a platform admin. */
	public UUID orgId() {
		return this.orgId;
	}

	public boolean isPlatformAdmin() {
		return this.role == AdminRole.PLATFORM_ADMIN;
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + this.role.name()));
	}

	@Override
	public String getPassword() {
		return this.passwordHash;
	}

	@Override
	public String getUsername() {
		return this.username;
	}

	@Override
	public boolean isAccountNonLocked() {
		return !this.locked;
	}

	@Override
	public void eraseCredentials() {
		this.passwordHash = null;
	}

	@Override
	public String toString() {
		return "AdminPrincipal[" + this.username + ", " + this.role + "]";
	}

}
