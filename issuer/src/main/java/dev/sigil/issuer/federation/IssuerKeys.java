package dev.sigil.issuer.federation;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.federation.TrustPolicy.KeySource;

/**
 * The public keys of the issuers trust policies name: fetched (through
 * {@link IssuerFetcher}) from the issuer's discovery document's {@code jwks_uri}, from a
 * {@code jwks_uri} given outright, or held in the policy. A fetched JWKS is cached; a
 * {@code kid} not in it refreshes it at most once per refresh interval, however many
 * unknown kids arrive; during an issuer outage the last good set stays in use (Nimbus's
 * {@link JWKSourceBuilder} does the caching, rate limiting and outage tolerance).
 */
final class IssuerKeys {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration DISCOVERY_CACHE_TIME = Duration.ofHours(1);

	private final IssuerFetcher fetcher;

	private final FederationProperties properties;

	/** One key source per JWKS URL, shared by every policy that names it. */
	private final Cache<URI, JWKSource<SecurityContext>> sources = Caffeine.newBuilder().maximumSize(10_000).build();

	private final Cache<String, Discovered> discovered = Caffeine.newBuilder().maximumSize(10_000).build();

	IssuerKeys(IssuerFetcher fetcher, FederationProperties properties) {
		this.fetcher = fetcher;
		this.properties = properties;
	}

	/**
	 * The key with this kid for this algorithm, or empty when the issuer has none.
	 * @throws KeyUnavailableException when the keys could not be fetched at all
	 */
	Optional<JWK> key(TrustPolicy policy, String kid, JWSAlgorithm algorithm) throws KeyUnavailableException {
		JWKSelector selector = new JWKSelector(new JWKMatcher.Builder().keyID(kid)
			.keyUses(KeyUse.SIGNATURE, null)
			.algorithms(algorithm, null)
			.publicOnly(true)
			.build());
		try {
			List<JWK> found = source(policy).get(selector, null);
			return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
		}
		catch (KeySourceException ex) {
			if (ex.getClass().getSimpleName().equals("RateLimitReachedException")) {
				return Optional.empty();
			}
			throw new KeyUnavailableException("The issuer's keys could not be fetched", ex);
		}
	}

	private JWKSource<SecurityContext> source(TrustPolicy policy) throws KeyUnavailableException {
		KeySource keys = policy.keys();
		if (keys.source() == KeySource.Source.STATIC) {
			return new ImmutableJWKSet<>(keys.jwks());
		}
		URI jwksUri = (keys.source() == KeySource.Source.JWKS_URI) ? keys.jwksUri() : discover(policy.issuer());
		return this.sources.get(jwksUri, this::fetchingSource);
	}

	private JWKSource<SecurityContext> fetchingSource(URI jwksUri) {
		try {
			long refresh = this.properties.jwksRefreshInterval().toMillis();
			return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), this.fetcher)
				.cache(this.properties.jwksCacheTime().toMillis(), this.properties.fetchTimeout().toMillis() * 2)
				.rateLimited(refresh)
				.outageTolerant(Duration.ofHours(12).toMillis())
				.retrying(false)
				.refreshAheadCache(false)
				.build();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException("Not a URL: " + jwksUri, ex);
		}
	}

	/**
	 * The {@code jwks_uri} of the issuer's discovery document, whose {@code issuer} must
	 * be the policy's exactly (a document at that address that names another issuer is
	 * someone else's).
	 */
	private URI discover(String issuer) throws KeyUnavailableException {
		Discovered held = this.discovered.getIfPresent(issuer);
		if (held != null && held.fetchedAt().plus(DISCOVERY_CACHE_TIME).isAfter(Instant.now())) {
			return held.jwksUri();
		}
		try {
			String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
			JsonNode document = JSON
				.readTree(this.fetcher.fetch(URI.create(base + "/.well-known/openid-configuration")));
			JsonNode named = document.get("issuer");
			if (named == null || !named.isString() || !named.stringValue().equals(issuer)) {
				throw new KeyUnavailableException("The issuer's discovery document names another issuer ("
						+ ((named != null) ? named.asString() : "none") + ")");
			}
			JsonNode jwksUri = document.get("jwks_uri");
			if (jwksUri == null || !jwksUri.isString()) {
				throw new KeyUnavailableException("The issuer's discovery document has no jwks_uri");
			}
			URI uri = URI.create(jwksUri.stringValue());
			Discovered fresh = new Discovered(uri, Instant.now());
			this.discovered.put(issuer, fresh);
			return uri;
		}
		catch (IOException | JacksonException | IllegalArgumentException ex) {
			if (held != null) {
				return held.jwksUri();
			}
			throw new KeyUnavailableException("The issuer's discovery document could not be fetched", ex);
		}
	}

	private record Discovered(URI jwksUri, Instant fetchedAt) {
	}

	/**
	 * The issuer's keys could not be had: its documents unreachable, refused or
	 * malformed.
	 */
	static final class KeyUnavailableException extends Exception {

		KeyUnavailableException(String message) {
			super(message);
		}

		KeyUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
