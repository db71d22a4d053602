package dev.sigil.api.management;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.node.ObjectNode;

import dev.sigil.issuer.trust.AppTrustConfigs;
import dev.sigil.issuer.trust.AppTrustConfigs.Options;

/**
 * {@code GET /api/v1/orgs/{org}/apps/{app}/trust-config/{target}}: what a relying party
 * (AWS, Google Cloud, Azure, Vault, Kubernetes) needs to trust the app's tokens, or one
 * machine's with {@code ?machine=}, generated from the app's current {@code sub}
 * template.
 */
@RestController
class TrustConfigController {

	private final AppTrustConfigs configs;

	TrustConfigController(AppTrustConfigs configs) {
		this.configs = configs;
	}

	@GetMapping("/api/v1/orgs/{org}/apps/{app}/trust-config/{target}")
	ResponseEntity<ObjectNode> trustConfig(@PathVariable String org, @PathVariable String app,
			@PathVariable String target, @RequestParam(required = false) String machine,
			@RequestParam(required = false) String aud,
			@RequestParam(name = "aws_account_id", required = false) String awsAccountId,
			@RequestParam(name = "gcp_project_number", required = false) String gcpProjectNumber,
			@RequestParam(name = "gcp_pool", required = false) String gcpPool,
			@RequestParam(name = "gcp_provider", required = false) String gcpProvider, Authentication caller) {
		Actors.caller(caller).requirePermission("machines:read", app);
		return ResponseEntity.ok(this.configs.generate(target, org, app, machine, aud,
				new Options(awsAccountId, gcpProjectNumber, gcpPool, gcpProvider)));
	}

}
