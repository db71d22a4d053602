package dev.sigil.api.management;

import java.net.URI;
import java.util.List;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.api.management.ManagementViews.CredentialView;
import dev.sigil.api.management.ManagementViews.MachineRequest;
import dev.sigil.api.management.ManagementViews.MachineView;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.tenant.MachineSpec;
import dev.sigil.issuer.tenant.NewMachine;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * Machines and their credentials. A credential appears in a response once, never again.
 */
@RestController
@RequestMapping("/api/v1/orgs/{org}/apps/{app}/machines")
class MachineController {

	private final TenantDirectory tenants;

	MachineController(TenantDirectory tenants) {
		this.tenants = tenants;
	}

	@PostMapping
	ResponseEntity<MachineView> create(@PathVariable String org, @PathVariable String app,
			@RequestBody MachineRequest request, Authentication caller) {
		Actors.caller(caller).requirePermission("machines:write", app);
		if (request == null) {
			throw SigilException.invalid("A body with name, region, image and image_digest is required");
		}
		NewMachine created = this.tenants.createMachine(org, app, new MachineSpec(request.name(), request.region(),
				request.image(), request.imageDigest(), request.labelMap()), Actors.of(caller));
		return ResponseEntity
			.created(URI.create("/api/v1/orgs/" + org + "/apps/" + app + "/machines/" + created.machine().getName()))
			.cacheControl(CacheControl.noStore())
			.body(MachineView.of(created.machine(), created.credential()));
	}

	@GetMapping
	List<MachineView> list(@PathVariable String org, @PathVariable String app, Authentication caller) {
		Actors.caller(caller).requirePermission("machines:read", app);
		return this.tenants.machines(org, app).stream().map((machine) -> MachineView.of(machine, null)).toList();
	}

	@GetMapping("/{machine}")
	MachineView get(@PathVariable String org, @PathVariable String app, @PathVariable String machine,
			Authentication caller) {
		Actors.caller(caller).requirePermission("machines:read", app);
		return MachineView.of(this.tenants.machine(org, app, machine), null);
	}

	@PatchMapping("/{machine}")
	MachineView change(@PathVariable String org, @PathVariable String app, @PathVariable String machine,
			@RequestBody MachineRequest request, Authentication caller) {
		Actors.caller(caller).requirePermission("machines:write", app);
		if (request == null) {
			throw SigilException.invalid("A body with region, image, image_digest or labels is required");
		}
		if (request.name() != null && !request.name().equals(machine)) {
			throw SigilException.invalid("A machine cannot be renamed");
		}
		return MachineView.of(this.tenants.changeMachine(org, app, machine,
				new MachineSpec(null, request.region(), request.image(), request.imageDigest(), request.labelMap()),
				Actors.of(caller)), null);
	}

	@DeleteMapping("/{machine}")
	ResponseEntity<Void> delete(@PathVariable String org, @PathVariable String app, @PathVariable String machine,
			Authentication caller) {
		Actors.caller(caller).requirePermission("machines:write", app);
		this.tenants.deleteMachine(org, app, machine, Actors.of(caller));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{machine}/credential")
	ResponseEntity<CredentialView> replaceCredential(@PathVariable String org, @PathVariable String app,
			@PathVariable String machine, Authentication caller) {
		Actors.caller(caller).requirePermission("machines:write", app);
		String credential = this.tenants.replaceCredential(org, app, machine, Actors.of(caller));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new CredentialView(credential));
	}

}
