package dev.sigil.server;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Sigil server on its three ports and a real PostgreSQL, shared by the end-to-end
 * tests that extend this class (Spring caches the context between them).
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
abstract class ServerTestSupport {

	static final TestPorts PORTS = new TestPorts();

	protected final SigilClient client = new SigilClient(PORTS);

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		PORTS.register(registry);
	}

}
