package dev.sigil.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the token file and the socket go when {@code SIGIL_TOKEN_FILE} or
 * {@code SIGIL_SOCKET} does not say: {@code /.sigil}, where containers and their volumes
 * expect them, when this process may write there; otherwise a directory of the user's
 * own, {@code $XDG_RUNTIME_DIR/sigil} or else {@code .sigil} in the working directory.
 *
 * @param path the directory, absolute
 * @param fallback why {@code /.sigil} was not chosen, empty when it was
 * @param variables the variables left unset whose defaults lie in the directory, in the
 * order to name them
 * @see <a href="https://specifications.freedesktop.org/basedir-spec/latest/">XDG Base
 * Directory Specification: XDG_RUNTIME_DIR</a>
 */
record DefaultDirectory(Path path, Optional<String> fallback, List<String> variables) {

	/**
	 * The directory a container's volume is mounted on, and where root's agent keeps its
	 * files.
	 */
	static final Path SYSTEM = Path.of("/.sigil");

	static final String RUNTIME_DIRECTORY = "XDG_RUNTIME_DIR";

	/**
	 * Chooses the directory. Only root may create {@code /.sigil}; anyone may use it once
	 * it is a directory they can write, as a mounted volume is.
	 */
	static DefaultDirectory choose(Map<String, String> environment, Host host, List<String> variables) {
		if (host.isWritableDirectory(SYSTEM) || (host.isRoot() && host.isWritableDirectory(SYSTEM.getRoot()))) {
			return new DefaultDirectory(SYSTEM, Optional.empty(), variables);
		}
		String why = host.isRoot() ? SYSTEM + " cannot be created or written here"
				: SYSTEM + " is not a directory this user can write (only root may create it)";
		Optional<Path> runtime = Optional.ofNullable(environment.get(RUNTIME_DIRECTORY))
			.map(String::strip)
			.map(Path::of)
			// The specification says to ignore a relative path.
			.filter(Path::isAbsolute);
		if (runtime.isPresent()) {
			return new DefaultDirectory(runtime.get().resolve("sigil"),
					Optional.of("from " + RUNTIME_DIRECTORY + ", as " + why), variables);
		}
		return new DefaultDirectory(host.workingDirectory().resolve(".sigil").toAbsolutePath(),
				Optional.of("in the working directory, as " + RUNTIME_DIRECTORY + " is not set and " + why), variables);
	}

	/** The one line that tells the user where their files are and how to move them. */
	String describe() {
		boolean both = this.variables.size() > 1;
		String what = both ? "the token file and the socket"
				: (this.variables.contains(AgentSettings.SOCKET) ? "the socket" : "the token file");
		return what + " by default in " + this.path + this.fallback.map((why) -> ", " + why).orElse("") + ": set "
				+ String.join(" and ", this.variables) + " to put " + (both ? "them" : "it") + " elsewhere";
	}

	/** What the choice needs to know about this process besides its environment. */
	interface Host {

		boolean isRoot();

		/** Whether the path is a directory this process may create files in. */
		boolean isWritableDirectory(Path path);

		Path workingDirectory();

		/** This process, on this machine. */
		static Host current() {
			return new Host() {

				@Override
				public boolean isRoot() {
					// The JDK takes user.name from the password entry of the real uid:
					// "root" for uid 0.
					return "root".equals(System.getProperty("user.name"));
				}

				@Override
				public boolean isWritableDirectory(Path path) {
					// access(2) with W_OK: root passes it too, except on a read-only file
					// system.
					return Files.isDirectory(path) && Files.isWritable(path);
				}

				@Override
				public Path workingDirectory() {
					return Path.of("").toAbsolutePath();
				}

			};
		}

	}

}
