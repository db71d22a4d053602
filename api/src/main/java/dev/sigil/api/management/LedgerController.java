package dev.sigil.api.management;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.issuer.audit.AuditQuery;
import dev.sigil.issuer.audit.LedgerCheckpoints;
import dev.sigil.issuer.audit.LedgerVerifier;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * The ledger as a whole: issuance counts from the hourly rollup ({@code GET
 * /api/v1/orgs/{org}/activity}), the chain re-computed over a range
 * ({@code GET .../audit/verify}) and its signed checkpoints
 * ({@code GET .../audit/checkpoints}).
 */
@RestController
@RequestMapping("/api/v1/orgs/{org}")
class LedgerController {

	private static final int MAX_CHECKPOINTS = 1000;

	private final TenantDirectory tenants;

	private final AuditQuery audit;

	private final LedgerVerifier verifier;

	private final LedgerCheckpoints checkpoints;

	private final Clock clock;

	LedgerController(TenantDirectory tenants, AuditQuery audit, LedgerVerifier verifier, LedgerCheckpoints checkpoints,
			Clock clock) {
		this.tenants = tenants;
		this.audit = audit;
		this.verifier = verifier;
		this.checkpoints = checkpoints;
		this.clock = clock;
	}

	@GetMapping("/activity")
	ResponseEntity<Map<String, Object>> activity(@PathVariable String org, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(defaultValue = "hour") String by,
			@RequestParam(required = false) String app, @RequestParam(required = false) String aud,
			Authentication caller) {
		Actors.caller(caller).requirePermission("audit:read", null);
		UUID orgId = this.tenants.org(org).getId();
		if (!List.of("hour", "day").contains(by)) {
			throw SigilException.invalid("by must be hour or day");
		}
		Instant end = QueryParameters.instant("to", to, this.clock.instant());
		Instant start = QueryParameters.instant("from", from, end.minus(Duration.ofDays(1)));
		List<Map<String, Object>> buckets = this.audit
			.activity(orgId, QueryParameters.blankToNull(app), QueryParameters.blankToNull(aud), start, end, by)
			.stream()
			.map((bucket) -> Map.<String, Object>of("start", bucket.start().toString(), "count", bucket.issued()))
			.toList();
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("buckets", buckets));
	}

	@GetMapping("/audit/verify")
	ResponseEntity<Map<String, Object>> verify(@PathVariable String org, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, Authentication caller) {
		Actors.caller(caller).requirePermission("audit:read", null);
		UUID orgId = this.tenants.org(org).getId();
		Instant end = QueryParameters.instant("to", to, this.clock.instant());
		Instant start = QueryParameters.instant("from", from, end.minus(Duration.ofDays(1)));
		if (!start.isBefore(end)) {
			throw SigilException.invalid("from must be before to");
		}
		LedgerVerifier.Verdict verdict = this.verifier.verify(orgId, start, end);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ok", verdict.ok());
		body.put("rows", verdict.rows());
		if (verdict.firstBad() != null) {
			body.put("first_bad", Map.of("jti", verdict.firstBad().jti(), "reason", verdict.firstBad().reason()));
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	@GetMapping("/audit/checkpoints")
	ResponseEntity<Map<String, Object>> checkpoints(@PathVariable String org,
			@RequestParam(required = false) String limit, Authentication caller) {
		Actors.caller(caller).requirePermission("audit:read", null);
		UUID orgId = this.tenants.org(org).getId();
		List<Map<String, Object>> list = this.checkpoints.list(orgId, limit(limit))
			.stream()
			.map((checkpoint) -> Map.<String, Object>of("position", checkpoint.position(), "head", checkpoint.head(),
					"time", checkpoint.time().toString(), "jws", checkpoint.jws()))
			.toList();
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("checkpoints", list));
	}

	private static int limit(String value) {
		if (value == null || value.isBlank()) {
			return 100;
		}
		try {
			int limit = Integer.parseInt(value);
			if (limit >= 1 && limit <= MAX_CHECKPOINTS) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw SigilException.invalid("limit must be a whole number from 1 to " + MAX_CHECKPOINTS);
	}

}
