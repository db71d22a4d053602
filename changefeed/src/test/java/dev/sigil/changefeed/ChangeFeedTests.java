package dev.sigil.changefeed;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sigil.db.event.AdminEvent;
import dev.sigil.db.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The change feed on a real PostgreSQL with the real migrations: an event is handed on
 * once, as soon as PostgreSQL announces it, and an event whose transaction commits after
 * a later one is not skipped.
 */
@SpringBootTest(classes = ChangeFeedTests.FeedApplication.class,
		properties = { "spring.flyway.schemas=sigil", "spring.flyway.default-schema=sigil",
				"spring.flyway.create-schemas=true", "spring.main.banner-mode=off",
				// Long enough that only a notification can explain a change seen within
				// seconds.
				"sigil.replication.poll-interval=60s", "sigil.replication.max-lag=120s" })
class ChangeFeedTests {

	@Autowired
	private ChangeFeed feed;

	@Autowired
	private JdbcClient jdbc;

	private final List<AdminEvent> handedOn = new CopyOnWriteArrayList<>();

	@BeforeEach
	void listen() {
		this.feed.subscribe(this.handedOn::add);
	}

	@Test
	void eventWhenCommittedThenHandedOnOnceWithoutWaitingForThePollInterval() {
		String subject = "notified-" + System.nanoTime();
		insert(this.jdbc, subject);
		await().atMost(Duration.ofSeconds(10)).until(() -> subjects().contains(subject));
		assertThat(this.feed.isFollowing()).isTrue();
		insert(this.jdbc, "nudge-" + System.nanoTime());
		await().atMost(Duration.ofSeconds(10)).until(() -> subjects().stream().anyMatch((s) -> s.startsWith("nudge-")));
		assertThat(subjects()).filteredOn(subject::equals).hasSize(1);
	}

	@Test
	void eventWhenItsTransactionCommitsAfterALaterOneThenItIsStillHandedOn() throws Exception {
		String early = "early-" + System.nanoTime();
		String late = "late-" + System.nanoTime();
		try (Connection slow = TestDatabase.get().connect()) {
			slow.setAutoCommit(false);
			try (var statement = slow.prepareStatement("insert into admin_event (occurred_at, actor, action, subject) "
					+ "values (now(), 'test', 'test.event', ?)")) {
				statement.setString(1, early);
				statement.executeUpdate();
			}
			// A later event (higher id) commits first and is handed on.
			insert(this.jdbc, late);
			await().atMost(Duration.ofSeconds(10)).until(() -> subjects().contains(late));
			assertThat(subjects()).doesNotContain(early);
			slow.commit();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> subjects().contains(early));
		insert(this.jdbc, "after-" + System.nanoTime());
		await().atMost(Duration.ofSeconds(10)).until(() -> subjects().stream().anyMatch((s) -> s.startsWith("after-")));
		assertThat(subjects()).filteredOn((s) -> s.equals(early) || s.equals(late)).hasSize(2);
	}

	private List<String> subjects() {
		return this.handedOn.stream().map(AdminEvent::subject).toList();
	}

	private static void insert(JdbcClient jdbc, String subject) {
		jdbc.sql(
				"insert into admin_event (occurred_at, actor, action, subject) values (now(), 'test', 'test.event', ?)")
			.param(subject)
			.update();
	}

	@SpringBootApplication(scanBasePackageClasses = ChangeFeedConfiguration.class)
	static class FeedApplication {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
