package dev.sigil.issuer.federation;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Token exchange against trust policies, {@code sigil.federation.*}.
 *
 * @param allowHttpIssuers allow plain-http issuers and key URLs on loopback, private,
 * link-local and unique-local addresses ({@code SIGIL_FEDERATION_ALLOW_HTTP_ISSUERS});
 * for development and tests only
 * @param caFile PEM certificates trusted for issuers' https, beside the JVM's own (a
 * private cluster's CA); none by default
 * @param maxSubjectTokenSize the largest subject token looked at
 * @param fetchTimeout connect and read timeout of a discovery or JWKS fetch
 * @param maxDocumentSize the largest discovery document or JWKS read
 * @param jwksRefreshInterval the least time between two fetches of an issuer's JWKS (an
 * unknown kid refreshes it at most this often)
 * @param jwksCacheTime how long a fetched JWKS is used before it is fetched again
 */
@ConfigurationProperties("sigil.federation")
public record FederationProperties(@DefaultValue("false") boolean allowHttpIssuers, Path caFile,
		@DefaultValue("16KB") DataSize maxSubjectTokenSize, @DefaultValue("3s") Duration fetchTimeout,
		@DefaultValue("256KB") DataSize maxDocumentSize, @DefaultValue("60s") Duration jwksRefreshInterval,
		@DefaultValue("5m") Duration jwksCacheTime) {

	public FederationProperties {
		caFile = (caFile == null || caFile.toString().isBlank()) ? null : caFile;
		if (fetchTimeout.isNegative() || fetchTimeout.isZero() || fetchTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
			throw new IllegalArgumentException("sigil.federation.fetch-timeout must be between 1ms and 30s");
		}
		if (jwksRefreshInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("sigil.federation.jwks-refresh-interval must be at least 1s");
		}
		if (jwksCacheTime.compareTo(jwksRefreshInterval) < 0) {
			throw new IllegalArgumentException(
					"sigil.federation.jwks-cache-time must be at least sigil.federation.jwks-refresh-interval");
		}
	}

}
