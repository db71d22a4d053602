package dev.sigil.issuer.credential;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores machine credentials. */
interface MachineCredentialRepository extends JpaRepository<MachineCredential, UUID> {

	List<MachineCredential> findByMachineIdAndRevokedAtIsNull(UUID machineId);

}
