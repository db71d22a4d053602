package dev.sigil.agent.platform;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.agent.token.TokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MachineCredentialTests {

	@TempDir
	Path dir;

	@Test
	void valueWhenFileReplacedThenReadsNewCredential() throws Exception {
		Path file = this.dir.resolve("credential");
		Files.writeString(file, "sgm_first\n");
		MachineCredential credential = MachineCredential.fromFile(file);
		assertThat(credential.value()).isEqualTo("sgm_first");
		Files.writeString(file, "sgm_second");
		assertThat(credential.value()).isEqualTo("sgm_second");
	}

	@Test
	void valueWhenFileMissingOrEmptyThenFailsNamingFile() throws Exception {
		Path file = this.dir.resolve("credential");
		MachineCredential credential = MachineCredential.fromFile(file);
		assertThatExceptionOfType(TokenException.class).isThrownBy(credential::value)
			.withMessageContaining("cannot read the credential file " + file);
		Files.writeString(file, " \n");
		assertThatExceptionOfType(TokenException.class).isThrownBy(credential::value).withMessageContaining("is empty");
	}

	@Test
	void toStringWhenPrintedThenNeverShowsCredential() throws Exception {
		Path file = this.dir.resolve("credential");
		Files.writeString(file, "sgm_in_file");
		assertThat(MachineCredential.of("sgm_secret").toString()).doesNotContain("sgm_secret");
		assertThat(MachineCredential.fromFile(file).toString()).doesNotContain("sgm_in_file").contains(file.toString());
	}

	@Test
	void ofWhenBlankThenFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> MachineCredential.of("  "));
	}

}
