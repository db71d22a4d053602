package dev.sigil.issuer.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Stores machines. */
public interface MachineRepository extends JpaRepository<Machine, UUID> {

	Optional<Machine> findByAppIdAndNameAndDeletedAtIsNull(UUID appId, String name);

	List<Machine> findByAppIdAndDeletedAtIsNullOrderByNameAsc(UUID appId);

	/** Deletes every live machine of the org at once; returns how many. */
	@Modifying
	@Query("update Machine m set m.deletedAt = :now where m.orgId = :orgId and m.deletedAt is null")
	int deleteAllOfOrg(UUID orgId, Instant now);

}
