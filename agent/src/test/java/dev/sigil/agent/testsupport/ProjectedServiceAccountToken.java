package dev.sigil.agent.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A Kubernetes projected service-account token file, as the kubelet keeps it: the test
 * writes a new token into it whenever it likes, replacing the file in one step, as the
 * kubelet's atomic writer does. Tokens have the claims of a real one (service account
 * {@code web/web}, audience {@code sigil}) and a dummy signature: the fake platform
 * compares them, it does not verify them.
 */
public final class ProjectedServiceAccountToken {

	public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

	public static final String NAMESPACE = "web";

	public static final String SERVICE_ACCOUNT = "web";

	public static final String AUDIENCE = "sigil";

	private final Path file;

	private final String pod;

	private ProjectedServiceAccountToken(Path file, String pod) {
		this.file = file;
		this.pod = pod;
	}

	/** A token file at {@code file} for pod {@code pod}, holding a first token. */
	public static ProjectedServiceAccountToken create(Path file, String pod) throws IOException {
		ProjectedServiceAccountToken projected = new ProjectedServiceAccountToken(file, pod);
		projected.rotate();
		return projected;
	}

	public Path file() {
		return this.file;
	}

	/** The token the file holds now. */
	public String current() throws IOException {
		return Files.readString(this.file, StandardCharsets.UTF_8);
	}

	/**
	 * Writes a new token into the file, as the kubelet does once 80% of the old one's
	 * life has passed.
	 */
	public String rotate() throws IOException {
		String token = token(this.pod);
		Files.createDirectories(this.file.getParent());
		Path next = this.file.resolveSibling(".." + this.file.getFileName() + "." + System.nanoTime());
		Files.writeString(next, token, StandardCharsets.UTF_8);
		Files.move(next, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		return token;
	}

	private static String token(String pod) {
		Instant now = Instant.now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("aud", List.of(AUDIENCE));
		claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
		claims.put("iat", now.getEpochSecond());
		claims.put("iss", ISSUER);
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("kubernetes.io",
				Map.of("namespace", NAMESPACE, "node", Map.of("name", "node-1", "uid", UUID.randomUUID().toString()),
						"pod", Map.of("name", pod, "uid", UUID.randomUUID().toString()), "serviceaccount",
						Map.of("name", SERVICE_ACCOUNT, "uid", UUID.randomUUID().toString())));
		claims.put("nbf", now.getEpochSecond());
		claims.put("sub", "system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		byte[] signature = new byte[64];
		new SecureRandom().nextBytes(signature);
		return base64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"kubelet-test\"}".getBytes(StandardCharsets.UTF_8))
				+ "." + base64.encodeToString(JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8))
				+ "." + base64.encodeToString(signature);
	}

}
