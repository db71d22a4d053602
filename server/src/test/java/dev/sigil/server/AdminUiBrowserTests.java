package dev.sigil.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sigil.adminui.user.AdminRole;
import dev.sigil.adminui.user.AdminUsers;
import dev.sigil.issuer.tenant.TenantDirectory;
import dev.sigil.server.SigilClient.TestMachine;
import dev.sigil.db.test.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin UI in a real headless Chromium: a security engineer signs in, finds a token
 * by its {@code jti}, opens it, exports the search as CSV, rotates a key after
 * confirming; an org auditor cannot reach another org's token. With
 * {@code -Dsigil.screenshots=DIR} it also saves screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sigil.admin-username=admin", "sigil.admin-password=" + AdminUiBrowserTests.PASSWORD,
				"sigil.keys.publish-ahead=60s", "sigil.keys.jwks-cache-time=1s", "sigil.issuer.document-max-age=1s" })
@Import(TestServer.MovableClock.class)
class AdminUiBrowserTests {

	static final String PASSWORD = "browser-test-password";

	private static final TestPorts PORTS = new TestPorts();

	private static WebDriver browser;

	@Autowired
	private AdminUsers users;

	@Autowired
	private TenantDirectory tenants;

	@Autowired
	private TestClock clock;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		PORTS.register(registry);
	}

	@BeforeAll
	static void startBrowser() throws Exception {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(executable("SIGIL_CHROMIUM", "/usr/bin/chromium"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1400,1000",
				"--user-data-dir=" + Files.createTempDirectory("sigil-chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new java.io.File(executable("SIGIL_CHROMEDRIVER", "/usr/bin/chromedriver")))
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void securityEngineerWhenInvestigatingATokenThenFindsOpensExportsAndRotates() throws Exception {
		SigilClient client = new SigilClient(PORTS);
		TestMachine machine = client.newMachine("ui");
		String token = client.issueToken(machine.credential(), "sts.amazonaws.com");
		for (int i = 0; i < 3; i++) {
			client.issueToken(machine.credential(), "vault");
		}
		String jti = JwtDecoders.fromIssuerLocation(PORTS.issuer(machine.org())).decode(token).getId();

		signIn("admin", PASSWORD);
		screenshot("tokens");
		browser.findElement(By.name("jti")).sendKeys(jti);
		browser.findElement(By.id("search")).click();
		new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
			.until((page) -> page.getCurrentUrl().contains("jti="));
		List<WebElement> rows = browser.findElements(By.cssSelector("#tokens tbody tr"));
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0).getText()).contains(jti).contains(machine.org()).contains("sts.amazonaws.com");

		browser.findElement(By.linkText(jti)).click();
		assertThat(browser.findElement(By.id("jti")).getText()).isEqualTo(jti);
		assertThat(browser.findElement(By.id("key-state")).getText()).isEqualTo("ACTIVE");
		assertThat(browser.findElement(By.id("claims")).getText()).contains("sub")
			.contains(machine.org() + ":web:web-1")
			.contains("image_digest");
		screenshot("token");

		browser.navigate().back();
		String csvLink = browser.findElement(By.linkText("Export CSV")).getAttribute("href");
		assertThat(browser.findElement(By.linkText("Export JSON Lines")).getAttribute("href")).contains("jti=" + jti);
		HttpResponse<String> csv = fetchWithBrowserSession(csvLink);
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		assertThat(csv.body().lines()).hasSize(2);
		assertThat(csv.body()).contains(jti).contains("sts.amazonaws.com");

		browser.get(base() + "/admin/activity");
		assertThat(browser.findElement(By.id("total")).getText()).isNotEqualTo("0");
		assertThat(browser.findElements(By.cssSelector("svg.chart rect.bar"))).hasSize(24);
		screenshot("activity");

		// The org's NEXT key may activate once it has been published for
		// publish-ahead (60 s here, so that the second rotation below, at once, is
		// refused however slowly the browser gets there). The server's clock goes
		// back afterwards: the tests decode tokens on this machine's clock.
		this.clock.advance(Duration.ofSeconds(61));
		try {
			browser.get(base() + "/admin/keys");
			browser.findElement(By.id("rotate-" + machine.org())).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/confirm"));
			browser.findElement(By.id("confirm")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("message")).isEmpty());
			assertThat(browser.findElement(By.id("message")).getText()).contains("Rotated " + machine.org());
			List<String> states = browser.findElement(By.id("org-" + machine.org()))
				.findElements(By.cssSelector("span.state"))
				.stream()
				.map(WebElement::getText)
				.toList();
			assertThat(states).containsExactly("RETIRED", "ACTIVE", "NEXT");
			screenshot("keys");

			// At once again: the new NEXT key is too young. The refusal keeps
			// the navigation and leads back to keys.
			browser.findElement(By.id("rotate-" + machine.org())).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/confirm"));
			browser.findElement(By.id("confirm")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("status")).isEmpty());
			assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("409");
			assertThat(browser.findElements(By.cssSelector("header nav a"))).isNotEmpty();
			assertThat(browser.findElement(By.id("back")).getText()).isEqualTo("Back to keys");

			browser.get(base() + "/admin/events?org=" + machine.org() + "&action=key.");
			assertThat(browser.findElement(By.id("events")).getText()).contains("key.activated").contains("user:admin");
			screenshot("events");
		}
		finally {
			this.clock.advance(Duration.ofSeconds(-61));
		}
		signOut();
	}

	@Test
	void orgAuditorWhenReachingForAnotherOrgsTokenThenNotFound() throws Exception {
		SigilClient client = new SigilClient(PORTS);
		TestMachine mine = client.newMachine("mine");
		TestMachine theirs = client.newMachine("theirs");
		String myJti = JwtDecoders.fromIssuerLocation(PORTS.issuer(mine.org()))
			.decode(client.issueToken(mine.credential(), null))
			.getId();
		String theirJti = JwtDecoders.fromIssuerLocation(PORTS.issuer(theirs.org()))
			.decode(client.issueToken(theirs.credential(), null))
			.getId();
		String auditor = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
		this.users.create(auditor, "auditor-password-1", AdminRole.ORG_AUDITOR, this.tenants.org(mine.org()).getId(),
				"test");

		signIn(auditor, "auditor-password-1");
		assertThat(browser.findElement(By.id("tokens")).getText()).contains(myJti).doesNotContain(theirJti);

		browser.get(base() + "/admin/tokens/" + theirJti);
		assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("404");
		browser.get(base() + "/admin/tokens?org=" + theirs.org());
		assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("404");
		browser.get(base() + "/admin/tokens?jti=" + theirJti);
		assertThat(browser.findElements(By.cssSelector("#tokens tbody tr")).get(0).getText()).contains("No tokens");
		browser.get(base() + "/admin/orgs/" + theirs.org());
		assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("404");
		assertThat(fetchWithBrowserSession(base() + "/admin/tokens/export.csv?org=" + theirs.org()).statusCode())
			.isEqualTo(404);
		String everything = fetchWithBrowserSession(base() + "/admin/tokens/export.jsonl").body();
		assertThat(everything).contains(myJti).doesNotContain(theirJti);
		browser.get(base() + "/admin/tokens/" + myJti);
		assertThat(browser.findElement(By.id("jti")).getText()).isEqualTo(myJti);
		signOut();
	}

	@Test
	void securityEngineerWhenExplainingTokensThenPageNamesEachReason() throws Exception {
		SigilClient client = new SigilClient(PORTS);
		TestMachine machine = client.newMachine("explain");
		TestMachine other = client.newMachine("elsewhere");
		client.createApp(machine.org(), "api");
		String fine = client.issueToken(machine.credential(), "sts.amazonaws.com");
		this.clock.advance(Duration.ofMinutes(5));
		String early;
		try {
			early = client.issueToken(machine.credential(), "sts.amazonaws.com");
		}
		finally {
			this.clock.advance(Duration.ofMinutes(-5));
		}
		String[] parts = fine.split("\\.");
		String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		String tampered = parts[0] + "." + encode(claims.replace(":web-1\"", ":web-9\"")) + "." + parts[2];
		String unknownKid = encode("{\"alg\":\"RS256\",\"kid\":\"no-such-kid\",\"typ\":\"JWT\"}") + "." + parts[1] + "."
				+ parts[2];
		String otherOrgs = client.issueToken(other.credential(), "sts.amazonaws.com");
		String apiPolicy = SigilClient
			.parse(client.admin("GET",
					"/api/v1/orgs/" + machine.org() + "/apps/api/trust-config/aws?aws_account_id=123456789012", null)
				.body())
			.get("trust_policy")
			.toString();

		signIn("admin", PASSWORD);
		explainInBrowser(machine.org(), fine, "sts.amazonaws.com", null, "Valid", "Every check passed");
		explainInBrowser(machine.org(), fine, "vault", null, "Refused", "does not include \"vault\"");
		explainInBrowser(machine.org(), early, null, null, "Refused", "Not yet valid");
		explainInBrowser(machine.org(), otherOrgs, null, null, "Refused", "of org '" + other.org() + "'");
		explainInBrowser(machine.org(), tampered, null, null, "Refused", "does not verify");
		explainInBrowser(machine.org(), unknownKid, null, null, "Refused", "has kid no-such-kid");
		explainInBrowser(machine.org(), fine, null, apiPolicy, "Refused", machine.org() + ":api:*");
		screenshot("explain");
		this.clock.advance(Duration.ofMinutes(11));
		try {
			explainInBrowser(machine.org(), fine, null, null, "Refused", "Expired");
		}
		finally {
			this.clock.advance(Duration.ofMinutes(-11));
		}

		// The org's NEXT key may activate once published for publish-ahead
		// (60 s here); the clock goes back afterwards.
		this.clock.advance(Duration.ofSeconds(61));
		try {
			assertThat(client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/rotate", null).statusCode())
				.isEqualTo(200);
			explainInBrowser(machine.org(), fine, null, null, "Valid", "still published until");
			String kid = SigilClient
				.parse(new String(java.util.Base64.getUrlDecoder().decode(parts[0]),
						java.nio.charset.StandardCharsets.UTF_8))
				.get("kid")
				.asString();
			assertThat(client.admin("POST", "/api/v1/orgs/" + machine.org() + "/keys/" + kid + "/revoke", null)
				.statusCode()).isEqualTo(200);
			explainInBrowser(machine.org(), fine, null, null, "Refused", "revoked at");
			String afterRevocation = client.issueToken(machine.credential(), "a");
			assertThat(client.admin("DELETE", "/api/v1/orgs/" + machine.org() + "/apps/web/machines/web-1", null)
				.statusCode()).isEqualTo(204);
			explainInBrowser(machine.org(), afterRevocation, null, null, "Refused", "was deleted at");
		}
		finally {
			this.clock.advance(Duration.ofSeconds(-61));
		}
		signOut();
	}

	@Test
	void securityEngineerWhenOpeningAnAppThenCopiesItsTrustConfiguration() throws Exception {
		SigilClient client = new SigilClient(PORTS);
		TestMachine machine = client.newMachine("copy");
		signIn("admin", PASSWORD);
		browser.get(base() + "/admin/orgs/" + machine.org());
		browser.findElement(By.linkText("web")).click();
		await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/apps/web"));
		assertThat(browser.findElement(By.id("subject-template")).getText()).isEqualTo("names");
		assertThat(browser.findElement(By.id("json-aws")).getText()).contains("sts:AssumeRoleWithWebIdentity")
			.contains(machine.org() + ":web:*");
		assertThat(browser.findElement(By.id("tf-aws")).getText()).contains("aws_iam_openid_connect_provider");
		assertThat(browser.findElement(By.id("trust-azure")).getText()).contains("machine");
		WebElement copy = browser.findElement(By.cssSelector("button[data-copy=json-aws]"));
		copy.click();
		await().atMost(Duration.ofSeconds(5)).until(() -> copy.getAttribute("data-copied") != null);
		assertThat(copy.getText()).isIn("Copied", "Select and copy by hand");
		screenshot("app");

		browser.get(base() + "/admin/orgs/" + machine.org() + "/apps/web?machine=web-1");
		assertThat(browser.findElement(By.id("json-azure")).getText()).contains(machine.org() + ":web:web-1")
			.contains("api://AzureADTokenExchange");
		signOut();
	}

	private void explainInBrowser(String org, String token, String audience, String policy, String verdict,
			String reason) {
		browser.get(base() + "/admin/explain");
		new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("explain-org"))).selectByValue(org);
		WebElement field = browser.findElement(By.id("explain-token"));
		// Typing two thousand characters key by key is slow; the page reads the field's
		// value all the same.
		((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", field,
				token);
		if (audience != null) {
			browser.findElement(By.id("explain-audience")).sendKeys(audience);
		}
		if (policy != null) {
			((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];",
					browser.findElement(By.id("explain-policy")), policy);
		}
		browser.findElement(By.id("explain-submit")).click();
		await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("verdict")).isEmpty());
		assertThat(browser.findElement(By.id("verdict")).getText()).as(reason).isEqualTo(verdict);
		assertThat(browser.findElement(By.id("reason")).getText()).contains(reason);
		assertThat(browser.getPageSource()).doesNotContain(token.split("\\.")[2]);
	}

	private static String encode(String json) {
		return java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static void signIn(String username, String password) {
		browser.get(base() + "/admin/login");
		browser.findElement(By.name("username")).sendKeys(username);
		browser.findElement(By.name("password")).sendKeys(password);
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/admin/tokens"));
	}

	private static void signOut() {
		browser.get(base() + "/admin/tokens");
		browser.findElement(By.cssSelector("header form button")).click();
		await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/admin/login"));
	}

	private static HttpResponse<String> fetchWithBrowserSession(String url) throws Exception {
		String session = browser.manage().getCookieNamed("SIGIL_SESSION").getValue();
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "SIGIL_SESSION=" + session).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private static void screenshot(String name) throws Exception {
		String directory = System.getProperty("sigil.screenshots");
		if (directory != null && !directory.isBlank()) {
			Path target = Path.of(directory, "admin-" + name + ".png");
			Files.createDirectories(target.getParent());
			Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
		}
	}

	private static String base() {
		return "http://localhost:" + PORTS.adminPort;
	}

	static String executable(String variable, String fallback) {
		String value = System.getenv(variable);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
