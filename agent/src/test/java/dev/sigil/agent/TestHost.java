package dev.sigil.agent;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A process for {@link DefaultDirectory} to look at, so that tests do not depend on the
 * user that runs them: root or not, the directories it may write, and its working
 * directory.
 */
record TestHost(boolean isRoot, Predicate<Path> writableDirectories,
		Path workingDirectory) implements DefaultDirectory.Host {

	static final Path WORKING_DIRECTORY = Path.of("/home/dev/app");

	/** Root on a writable root file system: it may write anywhere. */
	static TestHost root() {
		return new TestHost(true, (path) -> true, WORKING_DIRECTORY);
	}

	/** A normal user, who may write only in their home directory. */
	static TestHost user() {
		return new TestHost(false, (path) -> path.startsWith("/home/dev"), WORKING_DIRECTORY);
	}

	@Override
	public boolean isWritableDirectory(Path path) {
		return this.writableDirectories.test(path);
	}

}
