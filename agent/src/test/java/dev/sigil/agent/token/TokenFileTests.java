package dev.sigil.agent.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class TokenFileTests {

	@TempDir
	Path dir;

	@Test
	void writeWhenDirectoriesMissingThenCreatesThemAndOwnerOnlyFile() throws IOException {
		Path path = this.dir.resolve("a/b/oidc_token");
		new TokenFile(path).write("header.payload.signature");
		assertThat(path).hasContent("header.payload.signature");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())))
			.isEqualTo("rwxr-x---");
	}

	@Test
	void writeWhenFileExistsThenReplacesItWholeAndLeavesNoTemporaryFile() throws IOException {
		Path path = this.dir.resolve("oidc_token");
		TokenFile file = new TokenFile(path);
		file.write("first.token.value-that-is-longer");
		file.write("second.token.v");
		assertThat(path).hasContent("second.token.v");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
		try (var files = Files.list(this.dir)) {
			assertThat(files).containsExactly(path);
		}
	}

	@Test
	void writeWhenFileWasReadableByOthersThenReplacementIsOwnerOnly() throws IOException {
		Path path = this.dir.resolve("oidc_token");
		Files.writeString(path, "old");
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
		new TokenFile(path).write("new.token.value");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
	}

	@Test
	void writeWhenDirectoryNotWritableThenFailsAndKeepsOldContent() throws IOException {
		Path path = this.dir.resolve("locked/oidc_token");
		TokenFile file = new TokenFile(path);
		file.write("old.token.value");
		Files.setPosixFilePermissions(path.getParent(), PosixFilePermissions.fromString("r-x------"));
		try {
			org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(path.getParent()), "running as root");
			assertThatIOException().isThrownBy(() -> file.write("new.token.value"));
			assertThat(path).hasContent("old.token.value");
		}
		finally {
			Files.setPosixFilePermissions(path.getParent(), PosixFilePermissions.fromString("rwx------"));
		}
	}

	@Test
	void writeWhenTargetIsDirectoryThenFailsWithoutLeavingTemporaryFile() throws IOException {
		Path path = this.dir.resolve("oidc_token");
		Files.createDirectory(path);
		Files.writeString(path.resolve("keep"), "x");
		assertThatIOException().isThrownBy(() -> new TokenFile(path).write("new.token.value"));
		try (var files = Files.list(this.dir)) {
			assertThat(files).containsExactly(path);
		}
	}

}
