package dev.sigil.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springdoc.core.service.OpenAPIService;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description the server serves beside the management API is the one committed as
 * {@code docs/openapi.json}: a change to the API must change the committed description
 * too.
 */
class OpenApiEndToEndTests extends ServerTestSupport {

	private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

	@Autowired
	private OpenAPIService descriptions;

	@Test
	void openApiWhenServedThenItIsTheCommittedDescription() throws Exception {
		var response = this.client.admin("GET", "/api/v1/openapi.json", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode served = SigilClient.parse(response.body());
		Path written = Path.of("target", "openapi.json");
		Files.writeString(written, served.toPrettyString() + "\n");
		assertThat(served.get("openapi").asString()).startsWith("3.1");
		assertThat(Files.exists(COMMITTED)).as("docs/openapi.json is committed (copy %s)", written).isTrue();
		JsonNode committed = SigilClient.parse(Files.readString(COMMITTED));
		assertThat(served).as("the served description differs from docs/openapi.json: copy %s over it", written)
			.isEqualTo(committed);
	}

	@Test
	void openApiWhenAskedInMadeUpLanguagesThenBuiltAndKeptOnlyInEnglish() throws Exception {
		// The description is readable without a credential and springdoc keeps one built
		// description per request locale: a language per request would fill the heap.
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		for (String language : java.util.List.of("qa", "qb", "qc-QD", "qe", "qf")) {
			var response = http.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create("http://localhost:" + PORTS.adminPort + "/api/v1/openapi.json"))
				.header("Accept-Language", language)
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(this.descriptions.getCachedOpenAPI(Locale.forLanguageTag(language)))
				.as("a description kept for %s", language)
				.isNull();
		}
		assertThat(this.descriptions.getCachedOpenAPI(Locale.ENGLISH)).as("the one description kept").isNotNull();
	}

}
