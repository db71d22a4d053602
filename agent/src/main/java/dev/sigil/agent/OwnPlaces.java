package dev.sigil.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Whether a file in a per-user default directory ({@code $XDG_RUNTIME_DIR/sigil} or
 * {@code .sigil} in the working directory) is one this user's agent made, rather than one
 * another local user put there first: a working directory may be shared ({@code /tmp}, a
 * checkout), and a socket planted there would hand the workload someone else's tokens. A
 * place is this user's own when it is no link, belongs to this user (or root), and its
 * directory is no link, belongs to this user (or root) and may not be written by others.
 */
final class OwnPlaces {

	private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS = Set.of(PosixFilePermission.GROUP_WRITE,
			PosixFilePermission.OTHERS_WRITE);

	private OwnPlaces() {
	}

	/**
	 * Whether the directory, when it exists, is this user's own: no link, no other
	 * writer.
	 */
	static boolean ownDirectory(Path directory) {
		if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
			return true;
		}
		try {
			return !Files.isSymbolicLink(directory) && ours(directory)
					&& Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS)
						.stream()
						.noneMatch(WRITABLE_BY_OTHERS::contains);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	/**
	 * Whether a file that exists lies where another user could have put it; a missing
	 * file is nothing to use either way.
	 */
	static boolean planted(Path file) {
		Path absolute = file.toAbsolutePath();
		if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		try {
			return Files.isSymbolicLink(absolute) || !ours(absolute) || !ownDirectory(absolute.getParent());
		}
		catch (IOException | UnsupportedOperationException ex) {
			return true;
		}
	}

	private static boolean ours(Path path) throws IOException {
		Object owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
		return owner.equals(0) || owner.equals(currentUid());
	}

	/**
	 * This process's user id, as the kernel gives it: the owner of {@code /proc/self},
	 * else of a file this process makes. Not the JDK's UnixSystem, which answers 0 for a
	 * uid with no password entry (a container's numeric user) and needs a module a small
	 * runtime may leave out.
	 */
	static Object currentUid() {
		try {
			return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			try {
				Path probe = Files.createTempFile("sigil-uid", ".probe");
				try {
					return Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS);
				}
				finally {
					Files.deleteIfExists(probe);
				}
			}
			catch (IOException | UnsupportedOperationException inner) {
				return -1;
			}
		}
	}

}
