package dev.sigil.adminui.explain;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletResponse;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.explain.AwsPolicyChecks;
import dev.sigil.issuer.explain.Explanation;
import dev.sigil.issuer.explain.TokenExplainer;
import dev.sigil.issuer.tenant.Org;

/**
 * "Explain a token": paste a token (and optionally the audience a relying party expects)
 * and see, check by check, why it would be accepted or refused. The token is read for
 * this request only: it is not stored, logged, or written back into the page.
 */
@Controller
class ExplainController {

	private static final int MAX_TOKEN_LENGTH = 8_192;

	/** IAM's own limit on a role trust policy is 4,096 characters. */
	private static final int MAX_POLICY_LENGTH = 8_192;

	private final TokenExplainer explainer;

	private final AdminScope scope;

	ExplainController(TokenExplainer explainer, AdminScope scope) {
		this.explainer = explainer;
		this.scope = scope;
	}

	@GetMapping("/admin/explain")
	String form(@AuthenticationPrincipal AdminPrincipal principal, Model model) {
		model.addAttribute("orgs", this.scope.visibleOrgs(principal));
		model.addAttribute("principal", principal);
		return "admin/explain";
	}

	@PostMapping("/admin/explain")
	String explain(@AuthenticationPrincipal AdminPrincipal principal, @RequestParam String org,
			@RequestParam String token, @RequestParam(required = false) String audience,
			@RequestParam(name = "aws_trust_policy", required = false) String awsTrustPolicy, Model model,
			HttpServletResponse response) {
		Org found = this.scope.org(principal, org);
		if (token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
			throw SigilException.invalid("Paste a token of at most " + MAX_TOKEN_LENGTH + " characters");
		}
		if (awsTrustPolicy != null && awsTrustPolicy.length() > MAX_POLICY_LENGTH) {
			throw SigilException.invalid("An AWS trust policy here is at most " + MAX_POLICY_LENGTH + " characters");
		}
		Explanation explanation = this.explainer.explain(found, token,
				(audience != null && !audience.isBlank()) ? audience.strip() : null,
				AwsPolicyChecks.parse(awsTrustPolicy));
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("orgs", this.scope.visibleOrgs(principal));
		model.addAttribute("chosen", found.getSlug());
		model.addAttribute("audience", audience);
		model.addAttribute("awsTrustPolicy", awsTrustPolicy);
		model.addAttribute("explanation", explanation);
		model.addAttribute("principal", principal);
		return "admin/explain";
	}

}
