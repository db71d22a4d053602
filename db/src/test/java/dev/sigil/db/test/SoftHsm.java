package dev.sigil.db.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real SoftHSM 2 token for tests, initialised once per test JVM in the directory the
 * build gives {@code SOFTHSM2_CONF} (SoftHSM reads it when the module is first loaded, so
 * it is set for the JVM by the build, and every token is made before any test loads the
 * module). Reading a token object's attributes goes through OpenSC's {@code pkcs11-tool},
 * a PKCS#11 client of its own.
 */
public final class SoftHsm {

	private static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
			Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
			Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"));

	private static Token token;

	private SoftHsm() {
	}

	/** A token initialised for this JVM, with the user PIN set. */
	public static synchronized Token token() {
		if (token == null) {
			token = initialise("sigil-" + UUID.randomUUID().toString().substring(0, 8));
		}
		return token;
	}

	private static Token initialise(String label) {
		String conf = System.getenv("SOFTHSM2_CONF");
		if (conf == null) {
			throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven, which sets it");
		}
		Path library = LIBRARIES.stream()
			.filter(Files::isReadable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"SoftHSM 2 is not installed (apt-get install softhsm2 opensc): the PKCS#11 tests need it"));
		try {
			Path tokens = Path.of(conf).toAbsolutePath().getParent().resolve("tokens");
			Files.createDirectories(tokens);
			Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
					+ "log.level = ERROR\nslots.removable = false\n");
			String pin = UUID.randomUUID().toString().substring(0, 12);
			run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin",
					UUID.randomUUID().toString().substring(0, 12));
			return new Token(library, label, pin);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not initialise a SoftHSM token", ex);
		}
	}

	static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command[0], command[1]) + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(command[0] + " is not installed (apt-get install softhsm2 opensc)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A token.
	 *
	 * @param library the SoftHSM PKCS#11 module
	 * @param label the token's label
	 * @param pin the user PIN
	 */
	public record Token(Path library, String label, String pin) {

		/** The settings that point Sigil at this token. */
		public String[] properties() {
			return new String[] { "sigil.key-store=pkcs11", "sigil.pkcs11.library=" + this.library,
					"sigil.pkcs11.token-label=" + this.label, "sigil.pkcs11.pin=" + this.pin };
		}

		/**
		 * Every private key object of the token, by kid (its CKA_ID), with the access
		 * flags PKCS#11 reports for it ({@code sensitive}, {@code never extractable},
		 * ...).
		 */
		public Map<String, List<String>> privateKeyAccess() {
			String listing = pkcs11Tool("--list-objects", "--type", "privkey");
			Map<String, List<String>> access = new TreeMap<>();
			String id = null;
			for (String line : listing.split("\n")) {
				String trimmed = line.strip();
				if (trimmed.startsWith("ID:")) {
					id = new String(java.util.HexFormat.of().parseHex(trimmed.substring(3).strip()),
							StandardCharsets.UTF_8);
				}
				else if (trimmed.startsWith("Access:") && id != null) {
					List<String> flags = new ArrayList<>();
					for (String flag : trimmed.substring(7).split(",")) {
						flags.add(flag.strip());
					}
					access.put(id, flags);
					id = null;
				}
			}
			return access;
		}

		/**
		 * Deletes the private key of the kid behind Sigil's back, as another client
		 * could.
		 */
		public void deletePrivateKey(String kid) {
			pkcs11Tool("--delete-object", "--type", "privkey", "--id",
					java.util.HexFormat.of().formatHex(kid.getBytes(StandardCharsets.UTF_8)));
		}

		private String pkcs11Tool(String... arguments) {
			List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", this.library.toString(),
					"--token-label", this.label, "--login", "--pin", this.pin));
			command.addAll(List.of(arguments));
			return run(command.toArray(String[]::new));
		}

		@Override
		public String toString() {
			return "Token[" + this.label + "]";
		}

	}

}
