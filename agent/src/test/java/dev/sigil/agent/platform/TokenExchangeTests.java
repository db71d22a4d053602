package dev.sigil.agent.platform;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sigil.agent.token.TokenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenExchangeTests {

	@TempDir
	Path dir;

	@Test
	void subjectTokenWhenFileReplacedThenReadsNewToken() throws Exception {
		Path file = this.dir.resolve("token");
		Files.writeString(file, "eyJ.first.sig\n");
		TokenExchange exchange = new TokenExchange(file, "k8s-web", "acme");
		assertThat(exchange.subjectToken()).isEqualTo("eyJ.first.sig");
		Files.writeString(file, "eyJ.second.sig");
		assertThat(exchange.subjectToken()).isEqualTo("eyJ.second.sig");
	}

	@Test
	void subjectTokenWhenFileTooLargeThenFailsNamingFile() throws Exception {
		Path file = this.dir.resolve("token");
		Files.writeString(file, "x".repeat(16 * 1024 + 1));
		assertThatExceptionOfType(TokenException.class).isThrownBy(new TokenExchange(file, "p", "acme")::subjectToken)
			.withMessage("the subject token file " + file + " is larger than 16384 bytes");
	}

	@Test
	void describeAndToStringWhenPrintedThenNameFilePolicyAndOrgButNeverTheToken() throws Exception {
		Path file = this.dir.resolve("token");
		Files.writeString(file, "eyJ.secret.sig");
		TokenExchange exchange = new TokenExchange(file, "k8s-web", "acme");
		assertThat(exchange.describe())
			.isEqualTo("token exchange with trust policy k8s-web of org acme (subject token in " + file + ")");
		assertThat(exchange.toString()).contains("k8s-web", "acme", file.toString()).doesNotContain("secret");
	}

	@Test
	void clientWhenAskedThenEachWayHasItsOwn() {
		URI url = URI.create("http://127.0.0.1:1");
		assertThat(new TokenExchange(this.dir.resolve("t"), "k8s-web", "acme").client(url, Clock.systemUTC()))
			.isInstanceOf(TokenExchangeClient.class);
		assertThat(MachineCredential.of("sgm_x").client(url, Clock.systemUTC())).isInstanceOf(PlatformClient.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Acme", "acme/..", "-acme", "acme-", "a b", "" })
	void newWhenOrgNotASlugThenRefused(String org) {
		assertThat(TokenExchange.isOrgSlug(org)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenExchange(this.dir.resolve("t"), "p", org));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a b", "k8s/web", "", "naïve" })
	void newWhenPolicyNotANameThenRefused(String policy) {
		assertThat(TokenExchange.isTrustPolicyName(policy)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenExchange(this.dir.resolve("t"), policy, "acme"));
	}

}
