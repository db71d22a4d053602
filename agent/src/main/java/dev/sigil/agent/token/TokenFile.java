package dev.sigil.agent.token;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A file that holds one secret, readable by its owner only, replaced atomically: a reader
 * sees the old content or the new, never a half-written file. The content is written to a
 * temporary file in the same directory, flushed to disk, then renamed over the file.
 */
public final class TokenFile {

	private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

	private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---"));

	private final Path path;

	public TokenFile(Path path) {
		this.path = path.toAbsolutePath();
	}

	public Path path() {
		return this.path;
	}

	/**
	 * Replaces the file's content, creating the file and its missing directories (mode
	 * 0750).
	 */
	public void write(String content) throws IOException {
		Path directory = this.path.getParent();
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory, PRIVATE_DIRECTORY);
		}
		Path temporary = Files.createTempFile(directory, "." + this.path.getFileName(), ".tmp", OWNER_ONLY);
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			Files.move(temporary, this.path, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(temporary);
			throw ex;
		}
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}
