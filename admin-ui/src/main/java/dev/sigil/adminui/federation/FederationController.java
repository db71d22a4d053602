package dev.sigil.adminui.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.federation.ExchangeRecords;
import dev.sigil.issuer.federation.ExchangeRecords.ExchangeRecord;
import dev.sigil.issuer.federation.TrustPolicies;
import dev.sigil.issuer.federation.TrustPolicy;
import dev.sigil.issuer.tenant.Org;

/**
 * Federation, read-only: an org's trust policies (who may exchange which outside tokens
 * for what) and its token exchanges, granted and refused, newest first, filtered by
 * policy and outcome.
 */
@Controller
class FederationController {

	private static final int LIMIT = 100;

	private final TrustPolicies policies;

	private final ExchangeRecords records;

	private final AdminScope scope;

	FederationController(TrustPolicies policies, ExchangeRecords records, AdminScope scope) {
		this.policies = policies;
		this.records = records;
		this.scope = scope;
	}

	@GetMapping("/admin/federation")
	String federation(@AuthenticationPrincipal AdminPrincipal principal, @RequestParam(required = false) String org,
			@RequestParam(required = false) String policy, @RequestParam(required = false) String outcome,
			Model model) {
		List<Org> visible = this.scope.visibleOrgs(principal);
		Org chosen = (org != null && !org.isBlank()) ? this.scope.org(principal, org)
				: (visible.isEmpty() ? null : visible.get(0));
		List<TrustPolicy> trustPolicies = new ArrayList<>();
		List<ExchangeRecord> exchanges = new ArrayList<>();
		if (chosen != null) {
			trustPolicies = this.policies.list(chosen.getSlug());
			UUID orgId = chosen.getId();
			exchanges = this.records.search(orgId, blank(policy), blank(outcome), null, LIMIT);
		}
		model.addAttribute("orgs", visible);
		model.addAttribute("org", (chosen != null) ? chosen.getSlug() : null);
		model.addAttribute("policies", trustPolicies);
		model.addAttribute("exchanges", exchanges);
		model.addAttribute("policy", blank(policy));
		model.addAttribute("outcome", blank(outcome));
		model.addAttribute("principal", principal);
		return "admin/federation";
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
