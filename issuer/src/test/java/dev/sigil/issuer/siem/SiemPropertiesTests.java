package dev.sigil.issuer.siem;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The SIEM stream's settings: a refused URL is named by its scheme alone, since the URL
 * may carry a credential.
 */
class SiemPropertiesTests {

	@Test
	void urlWhenPlainHttpWithCredentialsThenRefusedNamingOnlyTheScheme() {
		URI url = URI.create("http://collector:s3cret-user-part@siem.example/ingest?token=s3cret-query");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SiemProperties(url, "jsonl", 500, Duration.ofSeconds(1), Duration.ofSeconds(10),
					Duration.ofSeconds(60), false))
			.withMessageContaining("SIGIL_SIEM_URL must be an https URL")
			.withMessageContaining("'http'")
			.withMessageNotContaining("s3cret");
	}

	@Test
	void urlWhenHttpsThenTaken() {
		SiemProperties properties = new SiemProperties(URI.create("https://siem.example/ingest"), "jsonl", 500,
				Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60), false);
		assertThat(properties.url().getHost()).isEqualTo("siem.example");
	}

}
