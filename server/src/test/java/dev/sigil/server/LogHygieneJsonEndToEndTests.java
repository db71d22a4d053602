package dev.sigil.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sigil.keystore.ring.KeyRing;

/**
 * The run of {@link LogHygieneEndToEndTests} with {@code SIGIL_LOG_FORMAT=json}: one JSON
 * object per line, the token path's lines carrying the request id and org, and still
 * nothing secret.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sigil.log-format=json", "logging.level.dev.sigil=DEBUG",
				"logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.web=DEBUG",
				"logging.level.org.hibernate.SQL=DEBUG" })
class LogHygieneJsonEndToEndTests {

	private static final TestPorts PORTS = new TestPorts();

	@Autowired
	private KeyRing keyRing;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		PORTS.register(registry);
	}

	@Test
	void jsonLogsWhenEverySecretHasBeenUsedThenContainNone(CapturedOutput output) throws Exception {
		LogHygieneEndToEndTests.useEverySecretThenCheck(PORTS, this.keyRing, output, true);
	}

}
