package dev.sigil.issuer.tenant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores machines. */
public interface MachineRepository extends JpaRepository<Machine, UUID> {

	Optional<Machine> findByAppIdAndNameAndDeletedAtIsNull(UUID appId, String name);

	List<Machine> findByAppIdAndDeletedAtIsNullOrderByNameAsc(UUID appId);

	List<Machine> findByOrgIdAndDeletedAtIsNull(UUID orgId);

}
