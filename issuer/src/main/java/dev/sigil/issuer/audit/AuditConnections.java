package dev.sigil.issuer.audit;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * The audit writers' own connections: a small pool, apart from the application's, so that
 * no other work (a slow page, a flood of requests) can take the connections the token
 * path commits through. It is not a {@code DataSource} bean, so the application's pool
 * stays the only one.
 */
@Component
class AuditConnections implements DisposableBean {

	static final String POOL_NAME = "sigil-audit";

	private final HikariDataSource pool;

	AuditConnections(DataSourceProperties dataSource, AuditProperties properties, MeterRegistry meters) {
		this.pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		this.pool.setPoolName(POOL_NAME);
		this.pool.setMaximumPoolSize(properties.writers());
		this.pool.setMinimumIdle(properties.writers());
		this.pool.setConnectionTimeout(3000);
		this.pool.setValidationTimeout(2000);
		this.pool.setAutoCommit(false);
		this.pool.setMetricRegistry(meters);
		// A half-open connection (after a failover) must fail within the commit timeout,
		// not at the
		// kernel's TCP timeout, or the one writer would hold every token request for
		// minutes.
		this.pool.addDataSourceProperty("socketTimeout", Long.toString(properties.commitTimeout().toSeconds() + 5));
		this.pool.addDataSourceProperty("tcpKeepAlive", "true");
	}

	Connection get() throws SQLException {
		return this.pool.getConnection();
	}

	@Override
	public void destroy() {
		this.pool.close();
	}

}
