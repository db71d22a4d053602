package dev.sigil.keystore;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores signing keys. */
public interface SigningKeyRepository extends JpaRepository<SigningKey, UUID> {

	List<SigningKey> findByOrgIdOrderByCreatedAtAsc(UUID orgId);

}
