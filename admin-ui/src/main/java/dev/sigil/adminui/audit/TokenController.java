package dev.sigil.adminui.audit;

import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.audit.AuditCursor;
import dev.sigil.issuer.audit.AuditPage;
import dev.sigil.issuer.audit.AuditQuery;
import dev.sigil.issuer.audit.AuditRecord;
import dev.sigil.keystore.SigningKey;
import dev.sigil.keystore.rotation.SigningKeyManager;

/**
 * The tokens page: search every issued token the person may see, newest first, and open
 * one.
 */
@Controller
class TokenController {

	private static final int PAGE_SIZE = 50;

	private final AuditQuery audit;

	private final AdminScope scope;

	private final SigningKeyManager keys;

	TokenController(AuditQuery audit, AdminScope scope, SigningKeyManager keys) {
		this.audit = audit;
		this.scope = scope;
		this.keys = keys;
	}

	@GetMapping({ "/admin", "/admin/" })
	String home() {
		return "redirect:/admin/tokens";
	}

	@GetMapping("/admin/tokens")
	String tokens(@AuthenticationPrincipal AdminPrincipal principal, @ModelAttribute("search") TokenSearch search,
			@RequestParam(required = false) String cursor, Model model) {
		UUID orgId = this.scope.queryOrg(principal, search.org());
		AuditCursor after = (cursor == null || cursor.isBlank()) ? null : AuditCursor.decode(cursor);
		AuditPage page = this.audit.search(orgId, search.filter(), PAGE_SIZE, after);
		model.addAttribute("page", page);
		model.addAttribute("orgs", this.scope.visibleOrgs(principal));
		model.addAttribute("principal", principal);
		model.addAttribute("nextQuery", (page.next() != null) ? search.query(page.next().encode()) : null);
		model.addAttribute("exportQuery", search.query(null));
		return "admin/tokens";
	}

	@GetMapping("/admin/tokens/{jti}")
	String token(@AuthenticationPrincipal AdminPrincipal principal, @PathVariable UUID jti, Model model) {
		UUID orgId = principal.isPlatformAdmin() ? null : principal.orgId();
		AuditRecord record = this.audit.byJti(orgId, jti).orElseThrow(AdminScope::notFound);
		Optional<SigningKey> key = this.keys.keysOf(record.orgId())
			.stream()
			.filter((candidate) -> candidate.getKid().equals(record.kid()))
			.findFirst();
		model.addAttribute("record", record);
		model.addAttribute("keyState", key.map((found) -> found.getState().name()).orElse("DELETED"));
		model.addAttribute("principal", principal);
		return "admin/token";
	}

}
