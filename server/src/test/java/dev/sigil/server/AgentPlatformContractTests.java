package dev.sigil.server;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoders;

import dev.sigil.agent.platform.MachineCredential;
import dev.sigil.agent.platform.PlatformClient;
import dev.sigil.agent.token.MachineToken;
import dev.sigil.agent.token.TokenException;
import dev.sigil.server.SigilClient.TestMachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract between the agent and the platform, with both real: the agent's own
 * {@link PlatformClient} against this server's internal port. The agent's tests use a
 * fake platform; this test keeps the fake honest.
 */
class AgentPlatformContractTests extends ServerTestSupport {

	@Test
	void platformClientWhenAskingTheRealServerThenGetsATokenItUnderstands() throws Exception {
		TestMachine machine = this.client.newMachine("contract");
		PlatformClient platform = new PlatformClient(URI.create("http://127.0.0.1:" + PORTS.internalPort),
				MachineCredential.of(machine.credential()), Clock.systemUTC());

		MachineToken token = platform.fetch(Optional.of("sts.amazonaws.com"));
		Jwt verified = JwtDecoders.fromIssuerLocation(PORTS.issuer(machine.org())).decode(token.value());
		assertThat(verified.getAudience()).containsExactly("sts.amazonaws.com");
		assertThat(token.expiresAt()).isEqualTo(verified.getExpiresAt());
		assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(10));
		assertThat(token.machineName()).hasValue("web-1");
		assertThat(platform.fetch(Optional.empty()).value()).isNotEqualTo(token.value());
	}

	@Test
	void platformClientWhenCredentialRevokedOrPortWrongThenRefusedWithTheServersReason() throws Exception {
		TestMachine machine = this.client.newMachine("contractno");
		this.client.admin("DELETE", "/api/v1/orgs/" + machine.org() + "/apps/web/machines/web-1", null);
		PlatformClient revoked = new PlatformClient(URI.create("http://127.0.0.1:" + PORTS.internalPort),
				MachineCredential.of(machine.credential()), Clock.systemUTC());
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> revoked.fetch(Optional.empty()))
			.withMessageContaining("401");
		PlatformClient publicPort = new PlatformClient(URI.create("http://127.0.0.1:" + PORTS.publicPort),
				MachineCredential.of(machine.credential()), Clock.systemUTC());
		assertThatExceptionOfType(TokenException.class).isThrownBy(() -> publicPort.fetch(Optional.empty()))
			.withMessageContaining("internal port");
	}

}
