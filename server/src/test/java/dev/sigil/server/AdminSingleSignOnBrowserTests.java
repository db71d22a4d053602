package dev.sigil.server;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on to the admin UI with a real OpenID provider (Keycloak) on another site
 * than Sigil ({@code localhost} against {@code 127.0.0.1}), in a real Chromium: a
 * platform admin and an org auditor get their roles from the provider's groups, a user
 * without a mapped group is refused and told why, and a user renamed at the provider
 * stays the same person in Sigil's events.
 */
class AdminSingleSignOnBrowserTests {

	private static final String REALM = "sigil";

	private static final String CLIENT_SECRET = "sso-test-client-secret";

	private static final TestPorts PORTS = new TestPorts();

	private static final String ORG = SigilClient.uniqueSlug("sso");

	private static final String OTHER = SigilClient.uniqueSlug("sso-other");

	private static KeycloakProvider keycloak;

	private static TestServer server;

	private final List<WebDriver> browsers = new ArrayList<>();

	@BeforeAll
	static void startProviderAndSigil() throws Exception {
		keycloak = KeycloakProvider.start(realm());
		String client = "spring.security.oauth2.client.";
		server = TestServer.start(PORTS, client + "registration.keycloak.client-id=sigil-admin",
				client + "registration.keycloak.client-secret=" + CLIENT_SECRET,
				client + "registration.keycloak.client-name=Keycloak",
				client + "registration.keycloak.scope=openid,profile,email",
				client + "registration.keycloak.redirect-uri={baseUrl}/admin/login/oauth2/code/{registrationId}",
				client + "provider.keycloak.issuer-uri=" + keycloak.issuer(REALM),
				"sigil.admin.sso.keycloak.role-claim=groups", "sigil.admin.sso.keycloak.platform-admins=sigil-admins",
				"sigil.admin.sso.keycloak.auditors." + ORG + "=acme-auditors");
		for (String slug : List.of(ORG, OTHER)) {
			server.client.createOrg(slug);
			server.client.createApp(slug, "web");
			server.client.createMachine(slug, "web", "web-1");
		}
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
		if (keycloak != null) {
			keycloak.stop();
		}
	}

	@org.junit.jupiter.api.AfterEach
	void closeBrowsers() {
		this.browsers.forEach(WebDriver::quit);
		this.browsers.clear();
	}

	@Test
	void platformAdminWhenSignedInThroughTheProviderThenSeesEverythingAndStaysTheSamePersonWhenRenamed()
			throws Exception {
		WebDriver alice = signIn("alice", "alice-password");
		assertThat(alice.getCurrentUrl()).endsWith("/admin/tokens");
		assertThat(alice.findElement(By.id("who")).getText()).isEqualTo("alice");
		assertThat(alice.getPageSource()).contains("PLATFORM_ADMIN");
		alice.get(admin("/admin/users"));
		assertThat(alice.findElement(By.tagName("h1")).getText()).isEqualTo("People who may sign in");

		keycloak.renameUser(REALM, "alice", "alice.renamed");
		WebDriver renamed = signIn("alice.renamed", "alice-password");
		assertThat(renamed.findElement(By.id("who")).getText()).isEqualTo("alice.renamed");

		JsonNode signIns = SigilClient
			.parse(server.client
				.admin("GET", "/api/v1/events?action=signin.succeeded&actor=user:" + keycloak.issuer(REALM), null)
				.body())
			.get("items");
		List<String> subjects = signIns.findValuesAsString("subject");
		List<String> details = signIns.findValuesAsString("detail");
		assertThat(details).anyMatch((detail) -> detail.startsWith("alice via keycloak"))
			.anyMatch((detail) -> detail.startsWith("alice.renamed via keycloak"));
		assertThat(subjects).as("both sign-ins are one person: the provider's issuer and subject")
			.hasSize(2)
			.allMatch((subject) -> subject.equals(subjects.get(0)))
			.allMatch((subject) -> subject.startsWith(keycloak.issuer(REALM) + "#"));
	}

	@Test
	void auditorWhenSignedInThroughTheProviderThenSeesOnlyTheirOrg() {
		WebDriver bob = signIn("bob", "bob-password");
		assertThat(bob.getCurrentUrl()).endsWith("/admin/tokens");
		assertThat(bob.getPageSource()).contains("ORG_AUDITOR");
		bob.get(admin("/admin/orgs/" + ORG));
		assertThat(bob.getPageSource()).contains(ORG);
		bob.get(admin("/admin/orgs/" + OTHER));
		assertThat(bob.getPageSource()).doesNotContain("web-1").containsIgnoringCase("not found");
		bob.get(admin("/admin/users"));
		assertThat(bob.getPageSource()).containsIgnoringCase("forbidden");
	}

	@Test
	void userWithoutAMappedGroupWhenSignedInThroughTheProviderThenRefusedAndToldWhy() {
		WebDriver carol = signIn("carol", "carol-password");
		assertThat(carol.getCurrentUrl()).contains("/admin/login?refused");
		assertThat(carol.findElement(By.id("refused")).getText()).contains("no role in Sigil is granted");
		carol.get(admin("/admin/tokens"));
		assertThat(carol.getCurrentUrl()).contains("/admin/login");
	}

	/**
	 * Signs in through the provider in a fresh browser, as a person would; returns the
	 * browser.
	 */
	private WebDriver signIn(String username, String password) {
		WebDriver browser = browser();
		browser.get(admin("/admin/login"));
		browser.findElement(By.linkText("Sign in with Keycloak")).click();
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
		assertThat(browser.getCurrentUrl()).startsWith("http://localhost:" + keycloak.port + "/");
		browser.findElement(By.id("username")).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys(password);
		browser.findElement(By.id("kc-login")).click();
		wait.until(ExpectedConditions.urlContains("127.0.0.1:" + PORTS.adminPort + "/admin/"));
		wait.until((driver) -> !driver.getCurrentUrl().contains("/oauth2/"));
		return browser;
	}

	private static String admin(String path) {
		return "http://127.0.0.1:" + PORTS.adminPort + path;
	}

	private WebDriver browser() {
		try {
			ChromeOptions options = new ChromeOptions();
			options.setBinary(AdminUiBrowserTests.executable("SIGIL_CHROMIUM", "/usr/bin/chromium"));
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1400,1000",
					"--user-data-dir=" + Files.createTempDirectory("sigil-sso-chromium"));
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(
						new java.io.File(AdminUiBrowserTests.executable("SIGIL_CHROMEDRIVER", "/usr/bin/chromedriver")))
				.usingAnyFreePort()
				.build();
			WebDriver browser = new ChromeDriver(service, options);
			browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			this.browsers.add(browser);
			return browser;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String realm() {
		return """
				{
				  "realm": "%s",
				  "enabled": true,
				  "editUsernameAllowed": true,
				  "groups": [ { "name": "sigil-admins" }, { "name": "acme-auditors" }, { "name": "engineering" } ],
				  "users": [
				    %s,
				    %s,
				    %s
				  ],
				  "clients": [ {
				    "clientId": "sigil-admin",
				    "enabled": true,
				    "publicClient": false,
				    "secret": "%s",
				    "standardFlowEnabled": true,
				    "directAccessGrantsEnabled": false,
				    "redirectUris": [ "http://127.0.0.1:%d/admin/login/oauth2/code/keycloak" ],
				    "protocol": "openid-connect",
				    "protocolMappers": [ {
				      "name": "groups",
				      "protocol": "openid-connect",
				      "protocolMapper": "oidc-group-membership-mapper",
				      "config": { "full.path": "false", "id.token.claim": "true", "access.token.claim": "true",
				                  "userinfo.token.claim": "true", "claim.name": "groups" }
				    } ]
				  } ]
				}
				""".formatted(REALM, user("alice", "Alice", "sigil-admins"), user("bob", "Bob", "acme-auditors"),
				user("carol", "Carol", "engineering"), CLIENT_SECRET, PORTS.adminPort);
	}

	private static String user(String username, String firstName, String group) {
		return """
				{ "username": "%s", "enabled": true, "email": "%s@example.com", "emailVerified": true,
				  "firstName": "%s", "lastName": "Tester",
				  "credentials": [ { "type": "password", "value": "%s-password", "temporary": false } ],
				  "groups": [ "/%s" ] }""".formatted(username, username, firstName, username, group);
	}

}
