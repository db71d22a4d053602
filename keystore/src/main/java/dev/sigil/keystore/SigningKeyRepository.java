package dev.sigil.keystore;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Stores signing keys. */
public interface SigningKeyRepository extends JpaRepository<SigningKey, UUID> {

	List<SigningKey> findByOrgIdOrderByCreatedAtAsc(UUID orgId);

	Optional<SigningKey> findByOrgIdAndKid(UUID orgId, String kid);

	List<SigningKey> findByState(KeyState state);

	List<SigningKey> findByStateNot(KeyState state);

	@Query("select distinct k.orgId from SigningKey k")
	List<UUID> findOrgIds();

}
