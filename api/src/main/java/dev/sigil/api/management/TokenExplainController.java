package dev.sigil.api.management;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.explain.ExplainRequest;
import dev.sigil.issuer.explain.Explanation;
import dev.sigil.issuer.explain.TokenExplainer;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * {@code POST /api/v1/orgs/{org}/tokens/explain}: why a relying party accepts or refuses
 * a token, check by check. The token is read and forgotten: never stored, never logged.
 */
@RestController
class TokenExplainController {

	/** A JWT of ours is under 2 KB; a pasted token far larger than this is not one. */
	private static final int MAX_TOKEN_LENGTH = 16_384;

	private final TokenExplainer explainer;

	private final TenantDirectory tenants;

	TokenExplainController(TokenExplainer explainer, TenantDirectory tenants) {
		this.explainer = explainer;
		this.tenants = tenants;
	}

	@PostMapping("/api/v1/orgs/{org}/tokens/explain")
	ResponseEntity<Explanation> explain(@PathVariable String org, @RequestBody ExplainRequest request,
			Authentication caller) {
		Actors.caller(caller).requirePermission("audit:read", null);
		String token = ExplainRequest.requiredToken(request);
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw SigilException.invalid("token must be at most " + MAX_TOKEN_LENGTH + " characters");
		}
		if (request.audience() != null && request.audience().isBlank()) {
			throw SigilException.invalid("audience must not be empty when given");
		}
		Explanation explanation = this.explainer.explain(this.tenants.org(org), token, request.audience(),
				request.policy());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(explanation);
	}

}
