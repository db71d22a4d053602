package dev.sigil.adminui.user;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import dev.sigil.db.event.AdminEvents;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.Org;
import dev.sigil.issuer.tenant.TenantDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which role a person gets from their provider's claims, per registration; no match, no
 * access.
 */
class SingleSignOnTests {

	private static final String ALICE = "https://idp.example/realms/corp#8c1f";

	private final TenantDirectory tenants = Mockito.mock(TenantDirectory.class);

	private final UUID acme = UUID.randomUUID();

	private final SingleSignOn sso = new SingleSignOn(
			new AdminUiProperties(5, Duration.ofMinutes(15),
					Map.of("corp",
							new SsoRoles("groups", List.of("3f2a-admins-id"),
									Map.of("acme", List.of("acme-auditors"), "gone", List.of("gone-auditors"))),
							"other", new SsoRoles("roles", List.of("admin"), Map.of()))),
			this.tenants, Mockito.mock(AdminEvents.class));

	SingleSignOnTests() {
		Org org = Mockito.mock(Org.class);
		Mockito.when(org.getId()).thenReturn(this.acme);
		Mockito.when(this.tenants.org("acme")).thenReturn(org);
		Mockito.when(this.tenants.org("gone")).thenThrow(SigilException.notFound("No org 'gone'"));
	}

	@Test
	void principalWhenClaimHoldsAPlatformAdminValueThenPlatformAdminIdentifiedByIssuerAndSubject() {
		Optional<AdminPrincipal> principal = this.sso.principalOf("corp", ALICE, "alice",
				Map.of("groups", List.of("engineering", "3f2a-admins-id")));
		assertThat(principal).hasValueSatisfying((p) -> {
			assertThat(p.role()).isEqualTo(AdminRole.PLATFORM_ADMIN);
			assertThat(p.getUsername()).isEqualTo(ALICE);
			assertThat(p.displayName()).isEqualTo("alice");
		});
	}

	@Test
	void principalWhenClaimHoldsAnAuditorValueThenAuditorOfThatOrgOnly() {
		assertThat(this.sso.principalOf("corp", ALICE, "bob", Map.of("groups", "acme-auditors")))
			.hasValueSatisfying((p) -> {
				assertThat(p.role()).isEqualTo(AdminRole.ORG_AUDITOR);
				assertThat(p.orgId()).isEqualTo(this.acme);
			});
	}

	@Test
	void principalWhenNothingMatchesThenNoAccess() {
		assertThat(this.sso.principalOf("corp", ALICE, "carol", Map.of("groups", List.of("engineering")))).isEmpty();
		assertThat(this.sso.principalOf("corp", ALICE, "carol", Map.of())).isEmpty();
		assertThat(this.sso.principalOf("corp", ALICE, "x", Map.of("groups", "gone-auditors")))
			.as("a mapping to an org that does not exist grants nothing")
			.isEmpty();
	}

	@Test
	void principalWhenValueBelongsToAnotherRegistrationsMappingThenNoAccess() {
		assertThat(this.sso.principalOf("other", ALICE, "alice", Map.of("groups", List.of("3f2a-admins-id"))))
			.as("roles come from the registration the person used")
			.isEmpty();
		assertThat(this.sso.principalOf("unmapped", ALICE, "alice", Map.of("groups", List.of("3f2a-admins-id"))))
			.isEmpty();
	}

	@Test
	void principalWhenValuesOnlyResembleAMappedValueThenNoAccess() {
		assertThat(this.sso.principalOf("corp", ALICE, "eve",
				Map.of("groups", List.of("3F2A-ADMINS-ID", "3f2a-admins-id ", "/3f2a-admins-id"))))
			.isEmpty();
	}

}
