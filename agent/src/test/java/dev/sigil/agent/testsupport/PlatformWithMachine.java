package dev.sigil.agent.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link FakePlatform} started for each test with one machine, {@code web/web-1}, and
 * closed after it. Register it with {@code @RegisterExtension}.
 */
public final class PlatformWithMachine implements BeforeEachCallback, AfterEachCallback {

	private FakePlatform platform;

	private String credential;

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		this.platform = FakePlatform.start();
		this.credential = this.platform.addMachine("web", "web-1");
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.platform.close();
	}

	public FakePlatform platform() {
		return this.platform;
	}

	/** The machine's credential. */
	public String credential() {
		return this.credential;
	}

}
