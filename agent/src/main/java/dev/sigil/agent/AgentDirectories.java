package dev.sigil.agent;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes the directories of the token files and the socket (mode 0750) before the agent
 * asks for its first token: a place it cannot write stops it at once, in one line that
 * names the variable to set, rather than after the platform has been asked.
 */
final class AgentDirectories {

	private AgentDirectories() {
	}

	/**
	 * @param host tells whether this process may write in a directory, which root may
	 * almost anywhere
	 */
	static void create(AgentSettings settings, DefaultDirectory.Host host) throws StartupException {
		create(settings.tokenFile(), "the token file", AgentSettings.TOKEN_FILE, host);
		if (settings.azureTokenFile().isPresent()) {
			create(settings.azureTokenFile().get(), "the Azure token file", AgentSettings.AZURE_TOKEN_FILE, host);
		}
		create(settings.socket(), "the socket", AgentSettings.SOCKET, host);
		// Checked once made, not before: another user could make it in between.
		java.util.Optional<Path> perUser = settings.defaultDirectory()
			.filter((directory) -> directory.fallback().isPresent())
			.map(DefaultDirectory::path)
			.filter((path) -> !path.equals(DefaultDirectory.SYSTEM));
		if (perUser.isPresent() && !OwnPlaces.ownDirectory(perUser.get())) {
			// It may lie in a shared working directory: another user who made it first
			// could replace the token file or the socket.
			throw new StartupException(perUser.get() + " is not this user's own (a link, another user's, or writable "
					+ "by others): remove it, or set "
					+ String.join(" and ", settings.defaultDirectory().get().variables())
					+ " to paths in a directory of this user's", null);
		}
	}

	private static void create(Path file, String what, String variable, DefaultDirectory.Host host)
			throws StartupException {
		Path directory = file.toAbsolutePath().getParent();
		try {
			if (!Files.isDirectory(directory)) {
				Files.createDirectories(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
			}
		}
		catch (IOException ex) {
			throw new StartupException("cannot create " + directory + " for " + what + " (" + reason(ex) + "): set "
					+ variable + " to a path in a directory this user can write", ex);
		}
		if (!host.isWritableDirectory(directory)) {
			throw new StartupException("cannot write in " + directory + " for " + what + ": set " + variable
					+ " to a path in a directory this user can write", null);
		}
	}

	/**
	 * What went wrong with a file, in a few words: the JDK's message is often the bare
	 * path.
	 */
	static String reason(IOException ex) {
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof FileSystemException problem && problem.getReason() != null) {
			return problem.getReason();
		}
		if (ex instanceof FileSystemException problem) {
			return ex.getClass().getSimpleName() + ": " + problem.getFile();
		}
		return String.valueOf(ex.getMessage());
	}

}
