package dev.sigil.api.management;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.api.management.ManagementViews.KeyView;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;
import dev.sigil.issuer.token.TokenProperties;
import dev.sigil.keystore.SigningKeyManager;

/** An org's signing keys: list them, rotate them. */
@RestController
@RequestMapping("/api/v1/orgs/{org}/keys")
class KeyController {

	private final TenantDirectory tenants;

	private final SigningKeyManager keys;

	private final TokenProperties tokens;

	private final IssuerProperties issuer;

	KeyController(TenantDirectory tenants, SigningKeyManager keys, TokenProperties tokens, IssuerProperties issuer) {
		this.tenants = tenants;
		this.keys = keys;
		this.tokens = tokens;
		this.issuer = issuer;
	}

	@GetMapping
	List<KeyView> list(@PathVariable String org) {
		return this.keys.keysOf(this.tenants.org(org).getId()).stream().map(KeyView::of).toList();
	}

	/** Makes a new active key; the old one stays published until its tokens and cached JWKS copies expire. */
	@PostMapping("/rotate")
	KeyView rotate(@PathVariable String org) {
		Org found = this.tenants.org(org);
		return KeyView.of(this.keys.rotate(found.getId(), found.getSigningAlgorithm(),
				this.tokens.lifetime().plus(this.issuer.documentMaxAge())));
	}

}
