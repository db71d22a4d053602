package dev.sigil.adminui.event;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.db.event.AdminEvent;
import dev.sigil.db.event.AdminEvents;
import dev.sigil.db.event.EventCursor;
import dev.sigil.db.event.EventFilter;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.Org;

/**
 * Who did what, when: sign-ins, rotations, revocations, credential replacements,
 * deletions. Filters and paging run in the database, so a flood of one kind of event
 * never hides another.
 */
@Controller
class EventsController {

	private static final int LIMIT = 100;

	private final AdminEvents events;

	private final AdminScope scope;

	EventsController(AdminEvents events, AdminScope scope) {
		this.events = events;
		this.scope = scope;
	}

	@GetMapping("/admin/events")
	String events(@AuthenticationPrincipal AdminPrincipal principal, @RequestParam(required = false) String org,
			@RequestParam(required = false) String action, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String cursor, Model model) {
		UUID orgId = this.scope.queryOrg(principal, org);
		String actionFilter = blank(action);
		String actorFilter = blank(actor);
		EventCursor after;
		try {
			after = (cursor == null || cursor.isBlank()) ? null : EventCursor.decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw SigilException.invalid("That page link is not valid");
		}
		List<AdminEvent> found = this.events.search(new EventFilter(orgId, actionFilter, actorFilter,
				(after != null) ? after.occurredAt() : null, (after != null) ? after.id() : null), LIMIT + 1);
		Map<UUID, String> slugs = this.scope.visibleOrgs(principal)
			.stream()
			.collect(Collectors.toMap(Org::getId, Org::getSlug, (a, b) -> a));
		model.addAttribute("events", found.subList(0, Math.min(LIMIT, found.size())));
		model.addAttribute("next", (found.size() > LIMIT) ? EventCursor.after(found.get(LIMIT - 1)).encode() : null);
		model.addAttribute("slugs", slugs);
		model.addAttribute("orgs", this.scope.visibleOrgs(principal));
		model.addAttribute("org", org);
		model.addAttribute("action", actionFilter);
		model.addAttribute("actor", actorFilter);
		model.addAttribute("principal", principal);
		return "admin/events";
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
