package dev.sigil.keystore.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.util.Base64;
import java.util.Set;

/**
 * Development mode's key-encryption key, kept in a file of its own (mode 0600 in a 0700
 * directory) so that a development server restarted on the same database still opens the
 * keys it made. It is key material in the clear on disk, which is why only development
 * mode uses it and the server says so loudly at every start; production sets
 * {@code SIGIL_KEK}.
 * <p>
 * The file is taken only as a regular file (never through a symbolic link) of the
 * server's own user, readable by that user alone, in a directory no one else may write
 * to: otherwise another local user could have the server use a key of theirs. A new file
 * is written whole under another name and then linked into place, which fails if another
 * server made one first, so a reader never sees half a key and two servers never keep two
 * keys.
 */
public final class DevelopmentKek {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
			PosixFilePermission.OTHERS_WRITE);

	private DevelopmentKek() {
	}

	/** The key in the file, made (and written) first if there is none. */
	public static KeyEncryptionKey load(Path file) {
		try {
			if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
				return read(file);
			}
			Path directory = file.toAbsolutePath().getParent();
			if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
				Files.createDirectories(directory);
				if (supportsPosix(directory)) {
					Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
				}
			}
			// A directory that was there already is never made private here (it may be
			// /tmp): it must be fit for the key as it is.
			checkDirectory(directory);
			byte[] material = new byte[32];
			Secrets.RANDOM.nextBytes(material);
			String encoded = Base64.getEncoder().encodeToString(material);
			Path written = supportsPosix(directory)
					? Files.createTempFile(directory, ".kek-", ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
					: Files.createTempFile(directory, ".kek-", ".new");
			try {
				try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
					channel.write(StandardCharsets.US_ASCII.encode(encoded + "\n"));
					channel.force(true);
				}
				try {
					Files.createLink(file, written);
				}
				catch (FileAlreadyExistsException ex) {
					throw ex;
				}
				catch (IOException | UnsupportedOperationException ex) {
					// A file system without hard links (vfat, some network mounts): a
					// move
					// that refuses an existing file, which a racing server could still
					// win between its check and its rename.
					Files.move(written, file);
				}
			}
			catch (FileAlreadyExistsException ex) {
				// Another development server made it at the same moment: use theirs.
				return read(file);
			}
			finally {
				Files.deleteIfExists(written);
			}
			return KeyEncryptionKey.fromBase64(encoded);
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw new IllegalStateException(
					"SIGIL_DEV_KEK_FILE (" + file + ") cannot be read or written: " + ex.getMessage(), ex);
		}
	}

	private static KeyEncryptionKey read(Path file) throws IOException {
		if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			throw new IllegalStateException("The development key file " + file
					+ " is not a regular file (a link or a directory): delete it to start over");
		}
		if (supportsPosix(file)) {
			PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (!attributes.permissions().equals(OWNER_ONLY)) {
				throw new IllegalStateException("The development key file " + file
						+ " may be read by others: chmod 600 it, or delete it to start over");
			}
			Object owner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
			if (!owner.equals(currentUid())) {
				throw new IllegalStateException(
						"The development key file " + file + " belongs to another user: delete it to start over");
			}
		}
		checkDirectory(file.toAbsolutePath().getParent());
		String content;
		try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file,
				Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(256);
			while (buffer.hasRemaining() && channel.read(buffer) > 0) {
				// up to 256 bytes: a key is 45
			}
			buffer.flip();
			content = StandardCharsets.US_ASCII.decode(buffer).toString().strip();
		}
		if (content.isEmpty()) {
			throw new IllegalStateException("The development key file " + file + " is empty: delete it to start over");
		}
		try {
			return KeyEncryptionKey.fromBase64(content);
		}
		catch (RuntimeException ex) {
			// Not the decoder's message: it may quote a character of the key.
			throw new IllegalStateException(
					"The development key file " + file + " does not hold base64 of 32 bytes: delete it to start over");
		}
	}

	/**
	 * The directory may not be written by others, nor be another user's (root's is fine).
	 */
	private static void checkDirectory(Path directory) throws IOException {
		if (!supportsPosix(directory)) {
			return;
		}
		if (Files.isSymbolicLink(directory)) {
			throw new IllegalStateException(
					"The development key file's directory " + directory + " is a link: name a real directory");
		}
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
		if (permissions.stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
			throw new IllegalStateException("The development key file's directory " + directory
					+ " may be written by others, who could replace the key: chmod 700 it, or set SIGIL_DEV_KEK_FILE"
					+ " to a file in a directory of this user's");
		}
		Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
		if (!owner.equals(0) && !owner.equals(currentUid())) {
			throw new IllegalStateException(
					"The development key file's directory " + directory + " belongs to another user");
		}
	}

	/**
	 * This process's user id, as the kernel gives it: the owner of {@code /proc/self}.
	 * Not the JDK's UnixSystem, which answers 0 for a uid with no password entry (a
	 * container's numeric user).
	 */
	private static Object currentUid() throws IOException {
		try {
			return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
		}
		catch (IOException | UnsupportedOperationException ex) {
			Path probe = Files.createTempFile("sigil-uid", ".probe");
			try {
				return Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS);
			}
			finally {
				Files.deleteIfExists(probe);
			}
		}
	}

	private static boolean supportsPosix(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("unix");
	}

}
