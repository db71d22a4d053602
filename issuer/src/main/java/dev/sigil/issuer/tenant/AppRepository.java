package dev.sigil.issuer.tenant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores apps. */
public interface AppRepository extends JpaRepository<App, UUID> {

	Optional<App> findByOrgIdAndName(UUID orgId, String name);

	List<App> findByOrgIdOrderByNameAsc(UUID orgId);

}
