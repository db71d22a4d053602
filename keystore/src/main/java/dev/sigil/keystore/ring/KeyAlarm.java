package dev.sigil.keystore.ring;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.sigil.db.event.AdminEvents;

/**
 * Says, in the log and as an admin event {@code key.unusable}, why a stored key is
 * neither published nor used (a record changed in the database, a KEK this server does
 * not hold): once per kid and reason while this server runs, and off the request thread
 * (it may be inside a read-only transaction, and must not wait for a write).
 */
@Component
class KeyAlarm implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(KeyAlarm.class);

	private final AdminEvents events;

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	private final ExecutorService writer = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "sigil-key-alarm");
		thread.setDaemon(true);
		return thread;
	});

	KeyAlarm(AdminEvents events) {
		this.events = events;
	}

	void report(UUID orgId, String kid, String reason) {
		if (!this.reported.add(kid + "\n" + reason)) {
			return;
		}
		logger.error("Signing key kid={} org={} is neither published nor used: {}", kid, orgId, reason);
		this.writer.execute(() -> {
			try {
				this.events.record("system", "key.unusable", orgId, kid, truncate(reason));
			}
			catch (RuntimeException ex) {
				this.reported.remove(kid + "\n" + reason);
				logger.warn("Could not record that key kid={} is unusable: {}", kid, ex.getMessage());
			}
		});
	}

	private static String truncate(String reason) {
		return (reason.length() > 1000) ? reason.substring(0, 1000) : reason;
	}

	@Override
	public void destroy() {
		this.writer.shutdown();
	}

}
