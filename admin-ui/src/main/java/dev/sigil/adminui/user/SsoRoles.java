package dev.sigil.adminui.user;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How one single sign-on registration's claims map to roles in Sigil: which claim carries
 * the user's groups or roles, which of its values make a platform admin, and which make
 * the auditor of which org. Values are compared exactly; immutable group ids are good
 * values. No match, no access.
 *
 * @param roleClaim the claim (a string or a list of strings), {@code groups} by default
 * @param platformAdmins values that make a platform admin
 * @param auditors per org slug, values that make an auditor of that org
 */
public record SsoRoles(@DefaultValue("groups") String roleClaim, @DefaultValue List<String> platformAdmins,
		@DefaultValue Map<String, List<String>> auditors) {

	public SsoRoles {
		platformAdmins = List.copyOf(platformAdmins);
		auditors = Map.copyOf(auditors);
	}

}
