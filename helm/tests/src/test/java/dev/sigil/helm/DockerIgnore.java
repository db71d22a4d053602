package dev.sigil.helm;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .dockerignore} as Docker applies it to a build context, for the patterns this
 * repository uses: each line a path pattern relative to the context root, {@code *}
 * within one path segment, {@code **} across any number of them (none included), an
 * excluded directory excluded whole; comments and blank lines skipped. Written here
 * because no Docker engine (or its library) is available to the tests; exception patterns
 * ({@code !}) are refused rather than half supported.
 */
final class DockerIgnore {

	private final List<PathMatcher> matchers = new ArrayList<>();

	private DockerIgnore(List<String> patterns) {
		for (String line : patterns) {
			String pattern = line.strip();
			if (pattern.isEmpty() || pattern.startsWith("#")) {
				continue;
			}
			if (pattern.startsWith("!")) {
				throw new IllegalArgumentException("exception patterns are not supported here: " + pattern);
			}
			pattern = pattern.replaceFirst("^/", "").replaceFirst("/$", "");
			this.matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
			if (pattern.startsWith("**/")) {
				// Docker's ** also matches no directory at all.
				this.matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
			}
		}
	}

	static DockerIgnore read(Path file) throws IOException {
		return new DockerIgnore(Files.readAllLines(file));
	}

	boolean excludes(Path relative) {
		return this.matchers.stream().anyMatch((matcher) -> matcher.matches(relative));
	}

	/**
	 * Copies the build context Docker would send from {@code root} into {@code target}.
	 */
	void copyContext(Path root, Path target) throws IOException {
		Files.walkFileTree(root, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
				Path relative = root.relativize(dir);
				if (!relative.toString().isEmpty() && excludes(relative)) {
					return FileVisitResult.SKIP_SUBTREE;
				}
				Files.createDirectories(target.resolve(relative.toString()));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Path relative = root.relativize(file);
				if (!excludes(relative)) {
					Files.copy(file, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}

}
