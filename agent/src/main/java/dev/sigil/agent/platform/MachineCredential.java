package dev.sigil.agent.platform;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import dev.sigil.agent.token.TokenException;
import dev.sigil.agent.token.TokenSource;

/**
 * The machine credential, given as a value or as a file. A file is read again on every
 * use, so that a credential replaced in place (a rotated Kubernetes Secret) is picked up
 * without a restart. {@link #toString()} never shows the credential.
 */
public final class MachineCredential implements Authentication {

	private static final int MAX_LENGTH = 4096;

	private final String value;

	private final Path file;

	private MachineCredential(String value, Path file) {
		this.value = value;
		this.file = file;
	}

	public static MachineCredential of(String value) {
		String credential = value.strip();
		if (credential.isEmpty()) {
			throw new IllegalArgumentException("The machine credential is empty");
		}
		return new MachineCredential(credential, null);
	}

	public static MachineCredential fromFile(Path file) {
		return new MachineCredential(null, file.toAbsolutePath());
	}

	/** The credential; read from its file when it has one. */
	public String value() throws TokenException {
		if (this.file == null) {
			return this.value;
		}
		try {
			if (Files.size(this.file) > MAX_LENGTH) {
				throw TokenException
					.unreachable("the credential file " + this.file + " is larger than " + MAX_LENGTH + " bytes", null);
			}
			String credential = Files.readString(this.file, StandardCharsets.UTF_8).strip();
			if (credential.isEmpty()) {
				throw TokenException.unreachable("the credential file " + this.file + " is empty", null);
			}
			return credential;
		}
		catch (IOException ex) {
			throw TokenException.unreachable("cannot read the credential file " + this.file + ": " + ex, ex);
		}
	}

	/** The machine token API, with this credential as a bearer token. */
	@Override
	public TokenSource client(URI platformUrl, Clock clock) {
		return new PlatformClient(platformUrl, this, clock);
	}

	@Override
	public String describe() {
		return (this.file != null) ? "the machine credential in " + this.file : "the machine credential";
	}

	@Override
	public String toString() {
		return (this.file != null) ? "MachineCredential[file=" + this.file + "]" : "MachineCredential[value]";
	}

}
