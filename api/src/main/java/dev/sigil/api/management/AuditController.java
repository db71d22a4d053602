package dev.sigil.api.management;

import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.api.management.ManagementViews.AuditPageView;
import dev.sigil.issuer.audit.AuditCursor;
import dev.sigil.issuer.audit.AuditFilter;
import dev.sigil.issuer.audit.AuditQuery;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * {@code GET /api/v1/orgs/{org}/tokens}: one org's audit ledger, newest first, filtered
 * and paged.
 */
@RestController
@RequestMapping("/api/v1/orgs/{org}/tokens")
class AuditController {

	private static final int DEFAULT_LIMIT = 50;

	private final TenantDirectory tenants;

	private final AuditQuery audit;

	AuditController(TenantDirectory tenants, AuditQuery audit) {
		this.tenants = tenants;
		this.audit = audit;
	}

	@GetMapping
	ResponseEntity<AuditPageView> search(@PathVariable String org, @RequestParam(required = false) String jti,
			@RequestParam(required = false) String app, @RequestParam(required = false) String machine,
			@RequestParam(required = false) String aud, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String cursor, Authentication caller) {
		Actors.caller(caller).requirePermission("audit:read", null);
		UUID orgId = this.tenants.org(org).getId();
		AuditFilter filter = new AuditFilter(uuid(jti), QueryParameters.blankToNull(app),
				QueryParameters.blankToNull(machine), QueryParameters.blankToNull(aud),
				QueryParameters.instant("from", from, null), QueryParameters.instant("to", to, null));
		AuditCursor after = (cursor == null || cursor.isBlank()) ? null : AuditCursor.decode(cursor);
		AuditPageView page = AuditPageView.of(this.audit.search(orgId, filter, limit(limit), after));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(page);
	}

	private static int limit(String value) {
		if (value == null || value.isBlank()) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(value);
			if (limit >= 1 && limit <= AuditQuery.MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw SigilException.invalid("limit must be a whole number from 1 to " + AuditQuery.MAX_LIMIT);
	}

	private static UUID uuid(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw SigilException.invalid("jti must be a UUID");
		}
	}

}
