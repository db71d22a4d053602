package dev.sigil.api.management;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.api.management.ManagementViews.KeyView;
import dev.sigil.api.management.ManagementViews.RotationView;
import dev.sigil.issuer.tenant.TenantDirectory;
import dev.sigil.keystore.rotation.SigningKeyManager;

/**
 * An org's signing keys: list them, rotate them as planned, revoke one in an emergency.
 */
@RestController
@RequestMapping("/api/v1/orgs/{org}/keys")
class KeyController {

	private final TenantDirectory tenants;

	private final SigningKeyManager keys;

	KeyController(TenantDirectory tenants, SigningKeyManager keys) {
		this.tenants = tenants;
		this.keys = keys;
	}

	@GetMapping
	List<KeyView> list(@PathVariable String org, Authentication caller) {
		Actors.caller(caller).requireUnlimited("read keys");
		return this.keys.keysOf(this.tenants.org(org).getId()).stream().map(KeyView::of).toList();
	}

	/**
	 * NEXT becomes ACTIVE, ACTIVE becomes RETIRED, a new NEXT is made; 409 with a retry
	 * time if not yet.
	 */
	@PostMapping("/rotate")
	RotationView rotate(@PathVariable String org, Authentication caller) {
		Actors.caller(caller).requireUnlimited("rotate keys");
		return RotationView.of(this.keys.rotate(this.tenants.org(org).getId(), Actors.of(caller)));
	}

	/**
	 * Takes the key out of the JWKS at once; an ACTIVE key is replaced by the NEXT key at
	 * once.
	 */
	@PostMapping("/{kid}/revoke")
	KeyView revoke(@PathVariable String org, @PathVariable String kid, Authentication caller) {
		Actors.caller(caller).requireUnlimited("revoke keys");
		return KeyView.of(this.keys.revoke(this.tenants.org(org).getId(), kid, Actors.of(caller)));
	}

}
