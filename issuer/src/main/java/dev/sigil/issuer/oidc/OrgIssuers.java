package dev.sigil.issuer.oidc;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.sigil.keystore.SigningAlgorithm;

/**
 * Resolves the org behind an issuer path. Known orgs are remembered (an org is never renamed or
 * removed); unknown slugs are looked up every time, so an org created on another replica is found.
 */
@Component
public class OrgIssuers {

	private final Map<String, IssuingOrg> known = new ConcurrentHashMap<>();

	private final JdbcClient jdbc;

	private final IssuerProperties properties;

	public OrgIssuers(JdbcClient jdbc, IssuerProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	public Optional<IssuingOrg> bySlug(String slug) {
		IssuingOrg org = this.known.get(slug);
		if (org != null) {
			return Optional.of(org);
		}
		Optional<IssuingOrg> found = this.jdbc.sql("select id, signing_algorithm from org where slug = ?")
			.param(slug)
			.query((rs, row) -> new IssuingOrg(rs.getObject("id", UUID.class), slug,
					SigningAlgorithm.of(rs.getString("signing_algorithm"))))
			.optional();
		found.ifPresent((value) -> this.known.put(slug, value));
		return found;
	}

	/** The org whose issuer URL this is, if it is one of ours. */
	public Optional<IssuingOrg> byIssuer(String issuer) {
		String prefix = this.properties.baseUrl() + "/";
		if (issuer == null || !issuer.startsWith(prefix)) {
			return Optional.empty();
		}
		return bySlug(issuer.substring(prefix.length()));
	}

	/** An org as its issuer needs it. */
	public record IssuingOrg(UUID id, String slug, SigningAlgorithm algorithm) {
	}

}
