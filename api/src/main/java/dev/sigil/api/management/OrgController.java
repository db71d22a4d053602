package dev.sigil.api.management;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.api.management.ManagementViews.AppView;
import dev.sigil.api.management.ManagementViews.AppRequest;
import dev.sigil.api.management.ManagementViews.CreateApp;
import dev.sigil.api.management.ManagementViews.CreateOrg;
import dev.sigil.api.management.ManagementViews.OrgView;
import dev.sigil.issuer.credential.ApiCaller;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.issuer.tenant.AppSettings;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;
import dev.sigil.keystore.SigningAlgorithm;

/** Orgs and their apps. */
@RestController
@RequestMapping("/api/v1/orgs")
class OrgController {

	private final TenantDirectory tenants;

	private final IssuerProperties issuer;

	OrgController(TenantDirectory tenants, IssuerProperties issuer) {
		this.tenants = tenants;
		this.issuer = issuer;
	}

	@PostMapping
	ResponseEntity<OrgView> create(@RequestBody CreateOrg request, Authentication caller) {
		Actors.caller(caller).requirePlatformAdmin("create orgs");
		if (request == null) {
			throw SigilException.invalid("A body with slug and name is required");
		}
		SigningAlgorithm algorithm = (request.algorithm() != null) ? SigningAlgorithm.of(request.algorithm())
				: SigningAlgorithm.RS256;
		Org org = this.tenants.createOrg(request.slug(), request.name(), algorithm, Actors.of(caller));
		return ResponseEntity.created(URI.create("/api/v1/orgs/" + org.getSlug())).body(view(org));
	}

	@GetMapping
	List<OrgView> list(Authentication caller) {
		ApiCaller who = Actors.caller(caller);
		return this.tenants.orgs().stream().filter((org) -> who.mayAccess(org.getSlug())).map(this::view).toList();
	}

	@GetMapping("/{org}")
	OrgView get(@PathVariable String org) {
		return view(this.tenants.org(org));
	}

	/**
	 * Deletes the org: its machines and keys stop at once on every replica; its slug is
	 * never reused.
	 */
	@DeleteMapping("/{org}")
	ResponseEntity<Void> delete(@PathVariable String org, Authentication caller) {
		Actors.caller(caller).requirePlatformAdmin("delete orgs");
		this.tenants.deleteOrg(org, Actors.of(caller));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{org}/apps")
	ResponseEntity<AppView> createApp(@PathVariable String org, @RequestBody CreateApp request, Authentication caller) {
		Actors.caller(caller).requireUnlimited("create apps");
		if (request == null) {
			throw SigilException.invalid("A body with name is required");
		}
		AppView app = AppView.of(this.tenants.createApp(org, request.name(), Actors.of(caller)));
		return ResponseEntity.created(URI.create("/api/v1/orgs/" + org + "/apps/" + app.name())).body(app);
	}

	@GetMapping("/{org}/apps")
	List<AppView> apps(@PathVariable String org) {
		return this.tenants.apps(org).stream().map(AppView::of).toList();
	}

	@GetMapping("/{org}/apps/{app}")
	AppView app(@PathVariable String org, @PathVariable String app) {
		return AppView.of(this.tenants.app(org, app));
	}

	/**
	 * Changes what the app's tokens say: {@code subject}, {@code label_claims},
	 * {@code token_lifetime_seconds}.
	 */
	@PatchMapping("/{org}/apps/{app}")
	AppView changeApp(@PathVariable String org, @PathVariable String app, @RequestBody AppRequest request,
			Authentication caller) {
		Actors.caller(caller).requireUnlimited("change apps");
		if (request == null) {
			throw SigilException.invalid("A body with subject, label_claims or token_lifetime_seconds is required");
		}
		return AppView.of(this.tenants.changeApp(org, app,
				new AppSettings(request.subject(), request.labelClaims(), request.tokenLifetimeSeconds()),
				Actors.of(caller)));
	}

	private OrgView view(Org org) {
		return OrgView.of(org, this.issuer.issuerOf(org.getSlug()));
	}

}
