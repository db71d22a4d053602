package dev.sigil.adminui.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.sigil.adminui.AdminScope;
import dev.sigil.adminui.user.AdminPrincipal;
import dev.sigil.issuer.audit.AuditQuery;

/**
 * Tokens issued over the last 24 hours (per hour) or 7 days (per day), per org and
 * audience.
 */
@Controller
class ActivityController {

	private final AuditQuery audit;

	private final AdminScope scope;

	private final Clock clock;

	ActivityController(AuditQuery audit, AdminScope scope, Clock clock) {
		this.audit = audit;
		this.scope = scope;
		this.clock = clock;
	}

	@GetMapping("/admin/activity")
	String activity(@AuthenticationPrincipal AdminPrincipal principal, @RequestParam(defaultValue = "24h") String range,
			@RequestParam(required = false) String org, @RequestParam(required = false) String aud, Model model) {
		boolean week = range.equals("7d");
		ChronoUnit unit = week ? ChronoUnit.DAYS : ChronoUnit.HOURS;
		int buckets = week ? 7 : 24;
		Instant end = this.clock.instant().truncatedTo(unit).plus(1, unit);
		Instant start = end.minus(Duration.of(buckets, unit));
		UUID orgId = this.scope.queryOrg(principal, org);
		String audience = (aud == null || aud.isBlank()) ? null : aud.strip();
		Map<Instant, Long> counts = new HashMap<>();
		this.audit.countsOverTime(orgId, audience, start, week ? "day" : "hour")
			.forEach((bucket) -> counts.put(bucket.start(), bucket.issued()));
		List<Instant> starts = new ArrayList<>();
		List<Long> values = new ArrayList<>();
		for (Instant at = start; at.isBefore(end); at = at.plus(1, unit)) {
			starts.add(at);
			values.add(counts.getOrDefault(at, 0L));
		}
		DateTimeFormatter labels = DateTimeFormatter.ofPattern(week ? "EEE d MMM" : "HH:00");
		model.addAttribute("chart", BarChart.svg(starts, values, labels, week ? 1 : 3));
		model.addAttribute("total", values.stream().mapToLong(Long::longValue).sum());
		model.addAttribute("range", week ? "7d" : "24h");
		model.addAttribute("org", org);
		model.addAttribute("aud", audience);
		model.addAttribute("orgs", this.scope.visibleOrgs(principal));
		model.addAttribute("principal", principal);
		return "admin/activity";
	}

}
