package dev.sigil.api.security;

import java.util.Collection;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.sigil.issuer.credential.ApiCaller;

/**
 * A caller authenticated by a bearer secret: a machine (its {@code MachineIdentity}) or a
 * management API token (its {@link ApiCaller}). The secret itself is not kept.
 */
final class BearerAuthentication extends AbstractAuthenticationToken {

	static final String MACHINE = "ROLE_MACHINE";

	static final String PLATFORM_ADMIN = "ROLE_PLATFORM_ADMIN";

	static final String ORG_ADMIN = "ROLE_ORG_ADMIN";

	private final Object principal;

	private BearerAuthentication(Object principal, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.principal = principal;
		setAuthenticated(true);
	}

	static BearerAuthentication machine(Object identity) {
		return new BearerAuthentication(identity, List.of(new SimpleGrantedAuthority(MACHINE)));
	}

	static BearerAuthentication admin(ApiCaller caller) {
		return new BearerAuthentication(caller,
				List.of(new SimpleGrantedAuthority(caller.isPlatformAdmin() ? PLATFORM_ADMIN : ORG_ADMIN)));
	}

	/** The API token's name, for admin events; a machine's subject. */
	@Override
	public String getName() {
		return (this.principal instanceof ApiCaller caller) ? caller.name() : super.getName();
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

}
