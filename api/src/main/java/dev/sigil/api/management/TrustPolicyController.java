package dev.sigil.api.management;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.federation.TokenExchanges;
import dev.sigil.issuer.federation.TrustPolicies;
import dev.sigil.issuer.federation.TrustPolicy;
import dev.sigil.issuer.federation.Verification;

/**
 * An org's trust policies: which outside issuers' tokens its token endpoint exchanges, on
 * which conditions, for what. A policy is answered as it was given, with its {@code id}
 * and {@code created_at}; {@code explain} runs every check on a subject token without
 * issuing anything.
 */
@RestController
@RequestMapping("/api/v1/orgs/{org}/trust-policies")
class TrustPolicyController {

	private final TrustPolicies policies;

	private final TokenExchanges exchanges;

	TrustPolicyController(TrustPolicies policies, TokenExchanges exchanges) {
		this.policies = policies;
		this.exchanges = exchanges;
	}

	@PostMapping
	ResponseEntity<JsonNode> create(@PathVariable String org, @RequestBody JsonNode document, Authentication caller) {
		Actors.caller(caller).requireUnlimited("manage trust policies");
		TrustPolicy policy = this.policies.create(org, document, Actors.of(caller));
		return ResponseEntity.created(URI.create("/api/v1/orgs/" + org + "/trust-policies/" + policy.id()))
			.body(view(policy));
	}

	@GetMapping
	List<JsonNode> list(@PathVariable String org, Authentication caller) {
		Actors.caller(caller).requireUnlimited("read trust policies");
		return this.policies.list(org).stream().map(TrustPolicyController::view).toList();
	}

	@GetMapping("/{id}")
	JsonNode get(@PathVariable String org, @PathVariable String id, Authentication caller) {
		Actors.caller(caller).requireUnlimited("read trust policies");
		return view(this.policies.get(org, uuid(id)));
	}

	@PutMapping("/{id}")
	JsonNode replace(@PathVariable String org, @PathVariable String id, @RequestBody JsonNode document,
			Authentication caller) {
		Actors.caller(caller).requireUnlimited("manage trust policies");
		return view(this.policies.replace(org, uuid(id), document, Actors.of(caller)));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String org, @PathVariable String id, Authentication caller) {
		Actors.caller(caller).requireUnlimited("manage trust policies");
		this.policies.delete(org, uuid(id), Actors.of(caller));
		return ResponseEntity.noContent().build();
	}

	/**
	 * Runs every check of the policy on a subject token and says which pass, without
	 * issuing.
	 */
	@PostMapping("/{id}/explain")
	Map<String, Object> explain(@PathVariable String org, @PathVariable String id, @RequestBody JsonNode request,
			Authentication caller) {
		Actors.caller(caller).requireUnlimited("explain trust policies");
		JsonNode token = (request != null) ? request.get("subject_token") : null;
		if (token == null || !token.isString() || request.size() != 1) {
			throw SigilException.invalid("The body is {\"subject_token\":\"<the outside JWT>\"}");
		}
		List<Verification.Check> checks = this.exchanges.explain(org, uuid(id), token.stringValue());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("passed", checks.stream().allMatch(Verification.Check::ok));
		answer.put("checks", checks.stream().map(TrustPolicyController::check).toList());
		return answer;
	}

	private static Map<String, Object> check(Verification.Check check) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("name", check.name());
		view.put("ok", check.ok());
		if (check.expected() != null) {
			view.put("expected", check.expected());
		}
		if (check.actual() != null) {
			view.put("actual", check.actual());
		}
		if (check.detail() != null) {
			view.put("detail", check.detail());
		}
		return view;
	}

	static JsonNode view(TrustPolicy policy) {
		ObjectNode view = ((ObjectNode) policy.document()).deepCopy();
		view.put("id", policy.id().toString());
		view.put("created_at", policy.createdAt().toString());
		return view;
	}

	private static UUID uuid(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw SigilException.notFound("No trust policy " + id);
		}
	}

}
