package dev.sigil.api.management;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.db.event.AdminEvent;
import dev.sigil.db.event.AdminEvents;
import dev.sigil.db.event.EventCursor;
import dev.sigil.db.event.EventFilter;
import dev.sigil.issuer.credential.ApiCaller;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * {@code GET /api/v1/events}: who did what to the platform, newest first, filtered by
 * org, action prefix and actor prefix in the database, paged by cursor. An org-admin
 * token sees its own org's events only.
 */
@RestController
class EventController {

	private static final int DEFAULT_LIMIT = 100;

	private static final int MAX_LIMIT = 500;

	private final AdminEvents events;

	private final TenantDirectory tenants;

	EventController(AdminEvents events, TenantDirectory tenants) {
		this.events = events;
		this.tenants = tenants;
	}

	@GetMapping("/api/v1/events")
	ResponseEntity<EventPage> search(@RequestParam(required = false) String org,
			@RequestParam(required = false) String action, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit,
			Authentication authentication) {
		ApiCaller caller = Actors.caller(authentication);
		caller.requireUnlimited("read admin events");
		UUID orgId = null;
		if (org != null && !org.isBlank()) {
			if (!caller.mayAccess(org)) {
				throw SigilException.notFound("No org '" + org + "'");
			}
			orgId = this.tenants.org(org).getId();
		}
		else if (!caller.isPlatformAdmin()) {
			orgId = caller.orgId();
		}
		int size = (limit == null) ? DEFAULT_LIMIT : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw SigilException.invalid("limit must be 1-" + MAX_LIMIT);
		}
		EventCursor after = (cursor == null || cursor.isBlank()) ? null : EventCursor.decode(cursor);
		List<AdminEvent> found = this.events.search(new EventFilter(orgId, blank(action), blank(actor),
				(after != null) ? after.occurredAt() : null, (after != null) ? after.id() : null), size + 1);
		Map<UUID, String> slugs = this.tenants.orgs().stream().collect(Collectors.toMap(Org::getId, Org::getSlug));
		List<EventView> items = found.stream()
			.limit(size)
			.map((event) -> EventView.of(event, slugs.get(event.orgId())))
			.toList();
		String next = (found.size() > size) ? EventCursor.after(found.get(size - 1)).encode() : null;
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new EventPage(items, next));
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	record EventPage(List<EventView> items, @JsonProperty("next_cursor") String nextCursor) {
	}

	record EventView(long id, @JsonProperty("occurred_at") Instant occurredAt, String actor, String action,
			@JsonProperty("org_id") String orgId, String org, String subject, String detail) {

		static EventView of(AdminEvent event, String slug) {
			return new EventView(event.id(), event.occurredAt(), event.actor(), event.action(),
					(event.orgId() != null) ? event.orgId().toString() : null, slug, event.subject(), event.detail());
		}
	}

}
