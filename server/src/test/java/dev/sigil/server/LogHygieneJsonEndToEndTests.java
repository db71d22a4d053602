package dev.sigil.server;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The same run as {@link LogHygieneEndToEndTests} with {@code SIGIL_LOG_FORMAT=json}: one
 * JSON object per line, the token path's lines carrying the request id and org, and still
 * nothing secret.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sigil.log-format=json", "logging.level.dev.sigil=DEBUG",
				"logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.web=DEBUG",
				"logging.level.org.hibernate.SQL=DEBUG" })
class LogHygieneJsonEndToEndTests extends LogHygieneEndToEndTests {

	@Override
	protected boolean json() {
		return true;
	}

}
