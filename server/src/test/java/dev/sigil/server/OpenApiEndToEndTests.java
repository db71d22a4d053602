package dev.sigil.server;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description the server serves beside the management API is the one committed as
 * {@code docs/openapi.json}: a change to the API must change the committed description
 * too.
 */
class OpenApiEndToEndTests extends ServerTestSupport {

	private static final Path COMMITTED = Path.of("..", "docs", "openapi.json");

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

}
