package dev.sigil.adminui.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Stores admin UI users. */
public interface AdminUserRepository extends JpaRepository<AdminUser, UUID> {

	Optional<AdminUser> findByUsername(String username);

	List<AdminUser> findAllByOrderByUsernameAsc();

}
