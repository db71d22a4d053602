package dev.sigil.issuer.credential;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores management API tokens. */
interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {

	Optional<ApiToken> findBySecretHash(byte[] secretHash);

	Optional<ApiToken> findByName(String name);

}
