package dev.sigil.agent.testsupport;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

/**
 * A workload that uses the AWS SDK's web identity provider configured by nothing but its
 * environment, as the agent gives it: it prints the credentials' access key id, or why
 * there are none (status 3).
 */
public final class AwsChildMain {

	private AwsChildMain() {
	}

	public static void main(String[] args) {
		try (WebIdentityTokenFileCredentialsProvider provider = WebIdentityTokenFileCredentialsProvider.create()) {
			AwsCredentials credentials = provider.resolveCredentials();
			String session = (credentials instanceof AwsSessionCredentials sessionCredentials)
					? sessionCredentials.sessionToken() : "none";
			System.out.println("resolved access key " + credentials.accessKeyId() + " with session token " + session);
			System.exit(0);
		}
		catch (RuntimeException ex) {
			System.out.println("refused: " + ex);
			System.exit(3);
		}
	}

}
