package dev.sigil.issuer.siem;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The SIEM stream's lag and last failure as readiness details. Always UP: a SIEM that is
 * down must not stop token issuance; nothing is lost meanwhile, it is sent once the
 * receiver is back.
 */
@Component("siem")
class SiemHealthIndicator implements HealthIndicator {

	private final SiemStream stream;

	SiemHealthIndicator(SiemStream stream) {
		this.stream = stream;
	}

	@Override
	public Health health() {
		return Health.up().withDetails(this.stream.state()).build();
	}

}
