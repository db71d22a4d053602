package dev.sigil.issuer.tenant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores orgs. A deleted org keeps its row, so its slug stays taken. */
public interface OrgRepository extends JpaRepository<Org, UUID> {

	Optional<Org> findBySlugAndDeletedAtIsNull(String slug);

	List<Org> findByDeletedAtIsNullOrderBySlugAsc();

	boolean existsBySlug(String slug);

}
