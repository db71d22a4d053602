package dev.sigil.api.management;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.issuer.credential.ApiCaller;
import dev.sigil.issuer.credential.ApiRole;
import dev.sigil.issuer.credential.ApiToken;
import dev.sigil.issuer.credential.ApiTokens;
import dev.sigil.issuer.credential.NewApiToken;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * Management API tokens: made with a role, an org for an org admin and an optional
 * lifetime; listed without their secrets; revoked at once. A platform admin manages every
 * token; an org admin only its own org's org-admin tokens.
 */
@RestController
@RequestMapping("/api/v1/api-tokens")
class ApiTokenController {

	private final ApiTokens tokens;

	private final TenantDirectory tenants;

	ApiTokenController(ApiTokens tokens, TenantDirectory tenants) {
		this.tokens = tokens;
		this.tenants = tenants;
	}

	@PostMapping
	ResponseEntity<TokenView> create(@RequestBody CreateToken request, Authentication authentication) {
		ApiCaller caller = Actors.caller(authentication);
		caller.requireUnlimited("make API tokens");
		if (request == null) {
			throw SigilException.invalid("A body with name and role is required");
		}
		ApiRole role = ApiRole.ofApiName(request.role());
		if (!caller.isPlatformAdmin()
				&& (role != ApiRole.ORG_ADMIN || request.org() == null || !caller.mayAccess(request.org()))) {
			caller.requirePlatformAdmin("make tokens of another role or org");
		}
		Org org = (request.org() != null) ? this.tenants.org(request.org()) : null;
		Duration lifetime = (request.expiresInSeconds() != null) ? Duration.ofSeconds(request.expiresInSeconds())
				: null;
		NewApiToken created = this.tokens.create(request.name(), role, (org != null) ? org.getId() : null, lifetime,
				Actors.of(authentication));
		return ResponseEntity.created(URI.create("/api/v1/api-tokens/" + created.token().getId()))
			.cacheControl(CacheControl.noStore())
			.body(TokenView.of(created.token(), (org != null) ? org.getSlug() : null, created.secret()));
	}

	@GetMapping
	List<TokenView> list(Authentication authentication) {
		ApiCaller caller = Actors.caller(authentication);
		caller.requireUnlimited("list API tokens");
		return this.tokens.list(caller.isPlatformAdmin() ? null : caller.orgId())
			.stream()
			.map((token) -> TokenView.of(token, slugOf(token), null))
			.toList();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(@PathVariable String id, Authentication authentication) {
		ApiCaller caller = Actors.caller(authentication);
		caller.requireUnlimited("revoke API tokens");
		UUID tokenId;
		try {
			tokenId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw SigilException.notFound("No API token " + id);
		}
		this.tokens.revoke(tokenId, caller.isPlatformAdmin() ? null : caller.orgId(), Actors.of(authentication));
		return ResponseEntity.noContent().build();
	}

	private String slugOf(ApiToken token) {
		if (token.getOrgId() == null) {
			return null;
		}
		return this.tenants.orgs()
			.stream()
			.filter((org) -> org.getId().equals(token.getOrgId()))
			.map(Org::getSlug)
			.findFirst()
			.orElse(null);
	}

	record CreateToken(String name, String role, String org,
			@JsonProperty("expires_in_seconds") Long expiresInSeconds) {
	}

	record TokenView(String id, String name, String role, String org, @JsonProperty("created_at") Instant createdAt,
			@JsonProperty("created_by") String createdBy, @JsonProperty("expires_at") Instant expiresAt,
			@JsonProperty("last_used_at") Instant lastUsedAt, @JsonProperty("revoked_at") Instant revokedAt,
			@JsonInclude(JsonInclude.Include.NON_NULL) String token) {

		static TokenView of(ApiToken token, String orgSlug, String secret) {
			return new TokenView(token.getId().toString(), token.getName(), token.getRole().apiName(), orgSlug,
					token.getCreatedAt(), token.getCreatedBy(), token.getExpiresAt(), token.getLastUsedAt(),
					token.getRevokedAt(), secret);
		}

		@Override
		public String toString() {
			return "TokenView[" + this.name + "]";
		}
	}

}
