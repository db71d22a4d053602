package dev.sigil.server;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin UI's defences, through HTTP: CSRF, lock-out, session expiry, headers. */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT, properties = { "sigil.admin-username=admin",
		"sigil.admin-password=" + AdminUiEndToEndTests.PASSWORD, "sigil.admin.max-failed-sign-ins=3" })
class AdminUiEndToEndTests {

	static final String PASSWORD = "a-long-enough-test-password";

	private static final TestPorts PORTS = new TestPorts();

	@Autowired
	private ServletWebServerApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private io.micrometer.core.instrument.MeterRegistry meters;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		PORTS.register(registry);
	}

	@Test
	void signInWhenRightPasswordThenLandsOnTokensWithStrictHeaders() {
		AdminSession session = new AdminSession(PORTS.adminPort);
		HttpResponse<String> signIn = session.signIn("admin", PASSWORD);
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/admin/tokens"));
		HttpResponse<String> tokens = session.get("/admin/tokens");
		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThat(tokens.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("frame-ancestors 'none'").contains("default-src 'self'"));
		assertThat(tokens.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(tokens.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(tokens.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("no-store"));
		assertThat(signIn.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("SIGIL_SESSION=")
				.contains("HttpOnly")
				.contains("SameSite=Lax"));
	}

	@Test
	void pagesWhenNotSignedInThenRedirectToSignIn() {
		AdminSession anonymous = new AdminSession(PORTS.adminPort);
		for (String path : new String[] { "/admin/tokens", "/admin/keys", "/admin/events", "/admin/orgs",
				"/admin/tokens/export.csv", "/admin/activity" }) {
			HttpResponse<String> response = anonymous.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(302);
			assertThat(response.headers().firstValue("Location").orElseThrow()).as(path).contains("/admin/login");
		}
	}

	@Test
	void formWhenPostedWithoutCsrfTokenThenRefusedAndNothingChanges() {
		TestMachine machine = new SigilClient(PORTS).newMachine("csrf");
		AdminSession session = new AdminSession(PORTS.adminPort);
		session.signIn("admin", PASSWORD);
		assertThat(session.get("/admin/keys").body()).contains("_csrf");
		int keysBefore = keyCount(machine.org());
		HttpResponse<String> forged = session.post("/admin/keys/" + machine.org() + "/revoke",
				Map.of("kid", activeKid(machine.org())));
		assertThat(forged.statusCode()).isEqualTo(403);
		HttpResponse<String> wrongToken = session.post("/admin/keys/" + machine.org() + "/revoke",
				Map.of("kid", activeKid(machine.org()), "_csrf", "not-the-token"));
		assertThat(wrongToken.statusCode()).isEqualTo(403);
		assertThat(keyCount(machine.org())).isEqualTo(keysBefore);
		assertThat(this.jdbc
			.sql("select count(*) from signing_key k join org o on o.id = k.org_id "
					+ "where o.slug = ? and k.state = 'REVOKED'")
			.param(machine.org())
			.query(Integer.class)
			.single()).isZero();
		AdminSession stranger = new AdminSession(PORTS.adminPort);
		HttpResponse<String> signInWithoutToken = stranger.post("/admin/login",
				Map.of("username", "admin", "password", PASSWORD));
		assertThat(signInWithoutToken.headers().firstValue("Location").orElse("")).doesNotEndWith("/admin/tokens");
		assertThat(stranger.get("/admin/tokens").statusCode()).as("not signed in").isEqualTo(302);
	}

	@Test
	void signInWhenRepeatedlyWrongThenLockedEvenForRightPassword() {
		String username = "locked-" + UUID.randomUUID().toString().substring(0, 8);
		AdminSession admin = new AdminSession(PORTS.adminPort);
		admin.signIn("admin", PASSWORD);
		HttpResponse<String> created = admin.post("/admin/users",
				Map.of("username", username, "password", "another-long-password", "role", "PLATFORM_ADMIN", "org", "",
						"_csrf", AdminSession.csrfOf(admin.get("/admin/users").body())));
		assertThat(created.statusCode()).isEqualTo(302);
		for (int attempt = 0; attempt < 3; attempt++) {
			HttpResponse<String> wrong = new AdminSession(PORTS.adminPort).signIn(username, "wrong-password-123");
			assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login?error");
		}
		HttpResponse<String> locked = new AdminSession(PORTS.adminPort).signIn(username, "another-long-password");
		assertThat(locked.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login?error");
		assertThat(this.jdbc.sql("select count(*) from admin_event where action = 'signin.locked' and subject = ?")
			.param(username)
			.query(Integer.class)
			.single()).isEqualTo(1);
		this.jdbc.sql("update admin_user set locked_until = now() - interval '1 second' where username = ?")
			.param(username)
			.update();
		HttpResponse<String> afterLockout = new AdminSession(PORTS.adminPort).signIn(username, "another-long-password");
		assertThat(afterLockout.headers().firstValue("Location").orElseThrow()).endsWith("/admin/tokens");
	}

	@Test
	void signInWhenTwentyWrongPasswordsArriveAtOnceThenNoMoreThanTheThresholdAreChecked() throws Exception {
		String username = newUser("racer");
		double checkedBefore = failures("bad-credentials");
		ExecutorService pool = Executors.newFixedThreadPool(20);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<HttpResponse<String>>> guesses = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				AdminSession guesser = new AdminSession(PORTS.adminPort);
				String csrf = AdminSession.csrfOf(guesser.get("/admin/login").body());
				guesses.add(pool.submit(() -> {
					go.await();
					return guesser.post("/admin/login",
							Map.of("username", username, "password", "wrong-password-123", "_csrf", csrf));
				}));
			}
			go.countDown();
			for (Future<HttpResponse<String>> guess : guesses) {
				assertThat(guess.get().headers().firstValue("Location").orElseThrow()).endsWith("/admin/login?error");
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(failures("bad-credentials") - checkedBefore).as("passwords checked out of 20 concurrent guesses")
			.isLessThanOrEqualTo(3);
		HttpResponse<String> right = new AdminSession(PORTS.adminPort).signIn(username, "another-long-password");
		assertThat(right.headers().firstValue("Location").orElseThrow()).as("the account is locked")
			.endsWith("/admin/login?error");
	}

	@Test
	void eventsWhenHundredsOfFailedSignInsThenAKeyRevocationIsStillOnTheFirstPage() {
		AdminSession admin = new AdminSession(PORTS.adminPort);
		admin.signIn("admin", PASSWORD);
		SigilClient client = new SigilClient(PORTS);
		TestMachine machine = client.newMachine("events");
		String kid = SigilClient.parse(client.admin("GET", "/api/v1/orgs/" + machine.org() + "/keys", null).body())
			.get(1)
			.get("kid")
			.asString();
		assertThat(
				client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/" + kid + "/revoke", null).statusCode())
			.isEqualTo(200);
		String target = newUser("flooded");
		for (int i = 0; i < 300; i++) {
			new AdminSession(PORTS.adminPort).signIn(target, "wrong-password-" + i);
		}
		assertThat(this.jdbc.sql("select count(*) from admin_event where action like 'signin.%' and subject = ?")
			.param(target)
			.query(Integer.class)
			.single()).as("events for 300 failed sign-ins of one account").isLessThanOrEqualTo(5);
		String page = admin.get("/admin/events").body();
		assertThat(page).contains("key.revoked").contains(kid);
		JsonNode found = SigilClient
			.parse(client.admin("GET", "/api/v1/events?action=key.revoked&org=" + machine.org(), null).body());
		assertThat(found.get("items").findValuesAsString("subject")).contains(kid);
		JsonNode failed = SigilClient
			.parse(client.admin("GET", "/api/v1/events?action=signin.failed&actor=user:" + target, null).body());
		assertThat(failed.get("items").get(0).get("detail").asString()).contains("failed sign-ins");
	}

	private String newUser(String prefix) {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		AdminSession admin = new AdminSession(PORTS.adminPort);
		admin.signIn("admin", PASSWORD);
		HttpResponse<String> created = admin.post("/admin/users",
				Map.of("username", username, "password", "another-long-password", "role", "PLATFORM_ADMIN", "org", "",
						"_csrf", AdminSession.csrfOf(admin.get("/admin/users").body())));
		assertThat(created.statusCode()).isEqualTo(302);
		return username;
	}

	private double failures(String reason) {
		return this.meters.find("sigil.admin.signin.failures")
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum();
	}

	@Test
	void sessionWhenIdleLongerThanTimeoutThenSignInAgain() throws Exception {
		AdminSession session = new AdminSession(PORTS.adminPort);
		session.signIn("admin", PASSWORD);
		assertThat(session.get("/admin/tokens").statusCode()).isEqualTo(200);
		Session tomcatSession = tomcatContext().getManager().findSession(session.sessionId());
		assertThat(tomcatSession.getMaxInactiveInterval()).as("30 minutes by default")
			.isEqualTo((int) Duration.ofMinutes(30).toSeconds());
		tomcatSession.setMaxInactiveInterval(1);
		Thread.sleep(1500);
		HttpResponse<String> expired = session.get("/admin/tokens");
		assertThat(expired.statusCode()).isEqualTo(302);
		assertThat(expired.headers().firstValue("Location").orElseThrow()).contains("/admin/login");
	}

	@Test
	void usersPageWhenAuditorThenForbidden() {
		TestMachine machine = new SigilClient(PORTS).newMachine("aud");
		String username = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
		AdminSession admin = new AdminSession(PORTS.adminPort);
		admin.signIn("admin", PASSWORD);
		admin.post("/admin/users", Map.of("username", username, "password", "auditor-password-1", "role", "ORG_AUDITOR",
				"org", machine.org(), "_csrf", AdminSession.csrfOf(admin.get("/admin/users").body())));
		AdminSession auditor = new AdminSession(PORTS.adminPort);
		assertThat(auditor.signIn(username, "auditor-password-1").headers().firstValue("Location").orElseThrow())
			.endsWith("/admin/tokens");
		assertThat(auditor.get("/admin/users").statusCode()).isEqualTo(403);
		assertThat(auditor.get("/admin/keys/" + machine.org() + "/confirm?action=rotate").statusCode()).isEqualTo(403);
		assertThat(auditor.get("/admin/keys").body()).doesNotContain("Rotate</a>");
	}

	@Test
	void tokensPageWhenAudienceGivenThenMatchesItsStartAndSaysSo() {
		SigilClient client = new SigilClient(PORTS);
		TestMachine machine = client.newMachine("prefix");
		client.issueToken(machine.credential(), "sts.amazonaws.com");
		client.issueToken(machine.credential(), "vault.example");
		client.issueToken(machine.credential(), "s_s");
		AdminSession admin = new AdminSession(PORTS.adminPort);
		admin.signIn("admin", PASSWORD);
		String sts = admin.get("/admin/tokens?org=" + machine.org() + "&aud=sts").body();
		assertThat(sts).contains("Audience starts with")
			.contains(">sts.amazonaws.com<")
			.doesNotContain(">vault.example<");
		// LIKE's wildcards in the search are literal characters.
		String underscore = admin.get("/admin/tokens?org=" + machine.org() + "&aud=s_").body();
		assertThat(underscore).contains(">s_s<").doesNotContain(">sts.amazonaws.com<");
	}

	@Test
	void apiDocsWhenSignedInThenShownAndOtherwiseSignInFirst() {
		AdminSession anonymous = new AdminSession(PORTS.adminPort);
		HttpResponse<String> refused = anonymous.get("/api/docs");
		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");
		AdminSession admin = new AdminSession(PORTS.adminPort);
		admin.signIn("admin", PASSWORD);
		HttpResponse<String> page = admin.get("/api/swagger-ui/index.html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).containsIgnoringCase("swagger");
		HttpResponse<String> description = anonymous.get("/api/v1/openapi.json");
		assertThat(description.statusCode()).isEqualTo(200);
		assertThat(description.body()).contains("\"openapi\"");
		assertThat(anonymous.get("/api/v1/orgs").statusCode()).isEqualTo(401);
	}

	private Context tomcatContext() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		return (Context) server.getTomcat().getHost().findChildren()[0];
	}

	private int keyCount(String org) {
		return this.jdbc.sql("select count(*) from signing_key k join org o on o.id = k.org_id where o.slug = ?")
			.param(org)
			.query(Integer.class)
			.single();
	}

	private String activeKid(String org) {
		return this.jdbc
			.sql("select kid from signing_key k join org o on o.id = k.org_id where o.slug = ? and k.state = 'ACTIVE'")
			.param(org)
			.query(String.class)
			.single();
	}

}
