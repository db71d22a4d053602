package dev.sigil.keystore.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * Development mode's key-encryption key, kept in a file of its own (mode 0600 in a 0700
 * directory) so that a development server restarted on the same database still opens the
 * keys it made. It is key material in the clear on disk, which is why only development
 * mode uses it and the server says so loudly at every start; production sets
 * {@code SIGIL_KEK}.
 */
public final class DevelopmentKek {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private DevelopmentKek() {
	}

	/** The key in the file, made (and written) first if there is none. */
	public static KeyEncryptionKey load(Path file) {
		try {
			if (Files.exists(file)) {
				if (supportsPosix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
					throw new IllegalStateException("The development key file " + file
							+ " may be read by others: chmod 600 it, or delete it to start over");
				}
				return KeyEncryptionKey.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
			}
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			if (supportsPosix(directory)) {
				Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
			}
			byte[] material = new byte[32];
			Secrets.RANDOM.nextBytes(material);
			String encoded = Base64.getEncoder().encodeToString(material);
			if (supportsPosix(directory)) {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			else {
				Files.createFile(file);
			}
			Files.writeString(file, encoded + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
			return KeyEncryptionKey.fromBase64(encoded);
		}
		catch (FileAlreadyExistsException ex) {
			// Another development server made it at the same moment: use theirs.
			return load(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"SIGIL_DEV_KEK_FILE (" + file + ") cannot be read or written: " + ex.getMessage(), ex);
		}
	}

	private static boolean supportsPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

}
