package dev.sigil.agent;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sigil.agent.testsupport.AgentProcess;
import dev.sigil.agent.testsupport.AwsChildMain;
import dev.sigil.agent.testsupport.FakePlatform;
import dev.sigil.agent.testsupport.ProjectedServiceAccountToken;
import dev.sigil.agent.testsupport.StsStandIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS SDK for Java's own {@code WebIdentityTokenFileCredentialsProvider}, in a
 * workload that the agent starts with {@code AWS_ROLE_ARN} set and nothing else about web
 * identity, gets credentials from an STS that verifies the token as IAM would, whether
 * the agent got the token with a machine credential or by token exchange; and is refused
 * when the trust policy does not match.
 */
@Tag("process")
class WebIdentityTokenFileCredentialsProviderTests {

	private static final String ROLE = "arn:aws:iam::123456789012:role/web-workload";

	@TempDir
	Path dir;

	private FakePlatform platform;

	private StsStandIn sts;

	@BeforeEach
	void start() throws Exception {
		this.platform = FakePlatform.start();
		this.sts = StsStandIn.start(this.platform.issuer(), ROLE, FakePlatform.ORG + ":web:*");
	}

	@AfterEach
	void stop() {
		this.sts.close();
		this.platform.close();
	}

	@Test
	void runWhenAwsRoleArnSetThenSdkGetsCredentialsFromTokenFile() throws Exception {
		String credential = this.platform.addMachine("web", "web-1");
		AgentProcess agent = runAwsWorkload(credential);
		assertThat(agent.exitValue()).as(agent.stdout() + agent.stderr()).isZero();
		assertThat(agent.stdout())
			.contains("resolved access key ASIATESTACCESSKEY with session token test-session-token");
		assertThat(this.sts.decisions()).containsExactly("allowed acme:web:web-1 as web-1");
		assertThat(this.platform.requestedAudiences()).containsOnly(StsStandIn.AUDIENCE);
	}

	@Test
	void runWhenSubjectOutsideTrustPolicyThenSdkIsRefused() throws Exception {
		String credential = this.platform.addMachine("batch", "batch-1");
		AgentProcess agent = runAwsWorkload(credential);
		assertThat(agent.exitValue()).as(agent.stdout() + agent.stderr()).isEqualTo(3);
		assertThat(agent.stdout()).contains("refused:")
			.contains("Not authorized to perform sts:AssumeRoleWithWebIdentity");
		assertThat(this.sts.decisions())
			.containsExactly("denied AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity");
	}

	@Test
	void runWhenTokensComeFromTokenExchangeThenSdkGetsCredentialsWithoutAnyStaticSecret() throws Exception {
		ProjectedServiceAccountToken projected = ProjectedServiceAccountToken
			.create(this.dir.resolve("serviceaccount").resolve("sigil-token"), "web-7d9f4-x2x8q");
		this.platform.acceptSubjectToken(projected.current());
		AgentProcess agent = runAwsWorkload(
				AgentProcess.exchangeEnvironment(this.platform, projected.file(), this.dir));
		assertThat(agent.exitValue()).as(agent.stdout() + agent.stderr()).isZero();
		assertThat(agent.stdout())
			.contains("resolved access key ASIATESTACCESSKEY with session token test-session-token");
		assertThat(this.sts.decisions()).containsExactly("allowed acme:web:web-7d9f4-x2x8q as web-7d9f4-x2x8q");
		assertThat(this.platform.requestedAudiences()).containsOnly(StsStandIn.AUDIENCE);
		assertThat(this.platform.presentedSubjectTokens()).isNotEmpty().containsOnly(projected.current());
		assertThat(agent.stderr()).doesNotContain(projected.current());
	}

	private AgentProcess runAwsWorkload(String credential) throws Exception {
		return runAwsWorkload(AgentProcess.environment(this.platform, credential, this.dir));
	}

	private AgentProcess runAwsWorkload(Map<String, String> agentEnvironment) throws Exception {
		Map<String, String> environment = new HashMap<>(agentEnvironment);
		environment.put("AWS_ROLE_ARN", ROLE);
		environment.put("AWS_REGION", "eu-west-1");
		environment.put("AWS_ENDPOINT_URL_STS", this.sts.url());
		// Nothing from this machine's own AWS setup may help or hinder.
		environment.put("AWS_CONFIG_FILE", this.dir.resolve("no-aws-config").toString());
		environment.put("AWS_SHARED_CREDENTIALS_FILE", this.dir.resolve("no-aws-credentials").toString());
		environment.put("AWS_EC2_METADATA_DISABLED", "true");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return AgentProcess.run(this.dir, environment, "run", "--", java, "-cp", System.getProperty("java.class.path"),
				AwsChildMain.class.getName());
	}

}
