package dev.sigil.issuer.credential;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Stores management API tokens. */
interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {

	Optional<ApiToken> findBySecretHash(byte[] secretHash);

	Optional<ApiToken> findByNameAndRevokedAtIsNull(String name);

	boolean existsByNameAndRevokedAtIsNull(String name);

	List<ApiToken> findAllByOrderByCreatedAtDesc();

	List<ApiToken> findByOrgIdOrderByCreatedAtDesc(UUID orgId);

	/**
	 * Records a use, at most once a minute per token, so that checks do not turn into
	 * writes.
	 */
	@Modifying
	@Query("update ApiToken t set t.lastUsedAt = :now where t.id = :id "
			+ "and (t.lastUsedAt is null or t.lastUsedAt < :before)")
	int touch(UUID id, Instant now, Instant before);

}
