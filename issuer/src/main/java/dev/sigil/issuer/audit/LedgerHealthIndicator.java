package dev.sigil.issuer.audit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN when tomorrow has no ledger partition: the maintenance job has failed for days,
 * and a token issued after midnight would find no partition for its audit row.
 */
@Component("ledgerPartitions")
class LedgerHealthIndicator implements HealthIndicator {

	private final AuditMaintenance maintenance;

	LedgerHealthIndicator(AuditMaintenance maintenance) {
		this.maintenance = maintenance;
	}

	@Override
	public Health health() {
		long ahead = this.maintenance.daysAhead();
		Health.Builder health = (ahead >= 1) ? Health.up() : Health.down();
		return health.withDetail("partitionDaysAhead", ahead).build();
	}

}
