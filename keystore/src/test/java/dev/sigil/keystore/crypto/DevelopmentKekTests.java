package dev.sigil.keystore.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Development mode's KEK file: made once, owner-only, and never taken from a file another
 * local user could have put or changed there.
 */
class DevelopmentKekTests {

	@Test
	void loadWhenNoFileThenMakesOneOwnerOnlyAndGivesTheSameKeyAfter(@TempDir Path home) throws Exception {
		Path file = home.resolve(".sigil-dev").resolve("kek");
		KeyEncryptionKey made = DevelopmentKek.load(file);
		assertThat(DevelopmentKek.load(file).id()).isEqualTo(made.id());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
		try (var left = Files.list(file.getParent())) {
			assertThat(left.map((path) -> path.getFileName().toString())).containsExactly("kek");
		}
	}

	@Test
	void loadWhenServersStartTogetherThenAllKeepOneKey(@TempDir Path home) throws Exception {
		Path file = home.resolve("kek");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<KeyEncryptionKey>> loads = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				loads.add(pool.submit(() -> DevelopmentKek.load(file)));
			}
			String first = loads.get(0).get().id();
			for (Future<KeyEncryptionKey> load : loads) {
				assertThat(load.get().id()).isEqualTo(first);
			}
			assertThat(DevelopmentKek.load(file).id()).isEqualTo(first);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void loadWhenFileIsALinkThenRefusedEvenToAnOwnerOnlyKey(@TempDir Path home) throws Exception {
		Path elsewhere = home.resolve("someone-elses").resolve("kek");
		KeyEncryptionKey planted = DevelopmentKek.load(elsewhere);
		Path directory = Files.createDirectory(home.resolve("dev"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path file = Files.createSymbolicLink(directory.resolve("kek"), elsewhere);
		assertThatIllegalStateException().isThrownBy(() -> DevelopmentKek.load(file))
			.withMessageContaining("not a regular file");
		assertThat(planted.id()).isNotNull();
	}

	@Test
	void loadWhenLinkPointsNowhereThenRefusedWithAMessage(@TempDir Path home) throws Exception {
		Path file = Files.createSymbolicLink(home.resolve("kek"), home.resolve("missing"));
		assertThatIllegalStateException().isThrownBy(() -> DevelopmentKek.load(file))
			.withMessageContaining("not a regular file");
	}

	@Test
	void loadWhenFileReadableByOthersThenRefused(@TempDir Path home) throws Exception {
		Path file = home.resolve("kek");
		DevelopmentKek.load(file);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		assertThatIllegalStateException().isThrownBy(() -> DevelopmentKek.load(file))
			.withMessageContaining("may be read by others");
	}

	@Test
	void loadWhenFileBelongsToAnotherUserThenRefused(@TempDir Path home) throws Exception {
		Path file = home.resolve("kek");
		DevelopmentKek.load(file);
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
				"only root can give a file to another user");
		Files.setAttribute(file, "unix:uid", 4242);
		assertThatIllegalStateException().isThrownBy(() -> DevelopmentKek.load(file))
			.withMessageContaining("belongs to another user");
	}

	@Test
	void loadWhenNamedInASharedDirectoryThenRefusedAndTheDirectoryLeftAsItWas(@TempDir Path home) throws Exception {
		Path shared = Files.createDirectory(home.resolve("tmp"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThatIllegalStateException().isThrownBy(() -> DevelopmentKek.load(shared.resolve("kek")))
			.withMessageContaining("may be written by others");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxrwxrwx");
		assertThat(shared.resolve("kek")).doesNotExist();
	}

	@Test
	void loadWhenDirectoryWritableByOthersThenRefused(@TempDir Path home) throws Exception {
		Path file = home.resolve("shared").resolve("kek");
		DevelopmentKek.load(file);
		Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThatIllegalStateException().isThrownBy(() -> DevelopmentKek.load(file))
			.withMessageContaining("may be written by others");
	}

	@Test
	void loadWhenFileEmptyOrNotAKeyThenRefusedQuotingNothingOfIt(@TempDir Path home) throws Exception {
		Path file = home.resolve("kek");
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
		assertThatIllegalStateException().isThrownBy(() -> DevelopmentKek.load(file)).withMessageContaining("empty");
		Files.writeString(file, "secret*material", StandardCharsets.US_ASCII);
		assertThatIllegalStateException().isThrownBy(() -> DevelopmentKek.load(file))
			.withMessageContaining("does not hold base64 of 32 bytes")
			.withMessageNotContaining("secret")
			.withNoCause();
	}

}
