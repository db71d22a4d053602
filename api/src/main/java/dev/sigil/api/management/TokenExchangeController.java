package dev.sigil.api.management;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.federation.ExchangeRecords;
import dev.sigil.issuer.federation.ExchangeRecords.ExchangeRecord;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * {@code GET /api/v1/orgs/{org}/token-exchanges}: every token exchange of the org,
 * granted or refused, newest first, optionally of one policy or outcome.
 */
@RestController
class TokenExchangeController {

	private final ExchangeRecords records;

	private final TenantDirectory tenants;

	TokenExchangeController(ExchangeRecords records, TenantDirectory tenants) {
		this.records = records;
		this.tenants = tenants;
	}

	@GetMapping("/api/v1/orgs/{org}/token-exchanges")
	ResponseEntity<Page> search(@PathVariable String org, @RequestParam(required = false) String policy,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) Integer limit, Authentication caller) {
		Actors.caller(caller).requirePermission("audit:read", null);
		int size = (limit != null) ? limit : 50;
		if (size < 1 || size > 500) {
			throw SigilException.invalid("limit must be 1-500");
		}
		Long before = null;
		if (cursor != null && !cursor.isBlank()) {
			try {
				before = Long.parseLong(cursor);
			}
			catch (NumberFormatException ex) {
				throw SigilException.invalid("cursor is not valid");
			}
		}
		List<ExchangeRecord> found = this.records.search(this.tenants.org(org).getId(), blank(policy), blank(outcome),
				before, size + 1);
		List<ExchangeRecord> items = found.subList(0, Math.min(size, found.size()));
		String next = (found.size() > size) ? Long.toString(items.get(items.size() - 1).id()) : null;
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new Page(items.stream().map(View::of).toList(), next));
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	record Page(List<View> items, @JsonProperty("next_cursor") String nextCursor) {
	}

	record View(@JsonProperty("occurred_at") Instant occurredAt, String policy,
			@JsonProperty("subject_issuer") String subjectIssuer, String subject,
			@JsonProperty("subject_jti") String subjectJti, String outcome, String reason,
			@JsonProperty("issued_jti") String issuedJti, @JsonProperty("client_address") String clientAddress) {

		static View of(ExchangeRecord record) {
			return new View(record.occurredAt(), record.policy(), record.subjectIssuer(), record.subject(),
					record.subjectJti(), record.outcome(), record.reason(), record.issuedJti(), record.clientAddress());
		}
	}

}
