package dev.sigil.api.machine;

import java.text.ParseException;
import java.util.Objects;

import com.nimbusds.jwt.SignedJWT;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.sigil.api.security.ApiSecurityConfiguration;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.explain.ExplainRequest;
import dev.sigil.issuer.explain.Explanation;
import dev.sigil.issuer.explain.TokenExplainer;
import dev.sigil.issuer.tenant.TenantDirectory;

/**
 * {@code POST /v1/tokens/explain} on the internal port: a machine (the agent's
 * {@code explain}) asks why one of its own tokens is refused. Only tokens that name the
 * calling machine are explained, so that a machine learns nothing about its org's other
 * machines; the token is never stored or logged.
 */
@RestController
class MachineExplainController {

	private final TokenExplainer explainer;

	private final TenantDirectory tenants;

	MachineExplainController(TokenExplainer explainer, TenantDirectory tenants) {
		this.explainer = explainer;
		this.tenants = tenants;
	}

	@PostMapping(ApiSecurityConfiguration.MACHINE_EXPLAIN_PATH)
	ResponseEntity<Explanation> explain(@RequestBody ExplainRequest request, Authentication caller) {
		if (!(caller.getPrincipal() instanceof MachineIdentity machine)) {
			throw new SigilException(Problem.FORBIDDEN, "Only a machine credential may use this endpoint");
		}
		String token = ExplainRequest.requiredToken(request);
		if (!Objects.equals(machineIdOf(token), machine.machineId().toString())) {
			throw new SigilException(Problem.FORBIDDEN,
					"A machine may explain only its own tokens (the token's machine_id is not this machine's)");
		}
		Explanation explanation = this.explainer.explain(this.tenants.org(machine.orgSlug()), token, request.audience(),
				request.policy());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(explanation);
	}

	/**
	 * The token's {@code machine_id} claim, read without trusting it (the explainer
	 * checks the signature).
	 */
	private static String machineIdOf(String token) {
		try {
			Object claim = SignedJWT.parse(token.strip()).getJWTClaimsSet().getClaim("machine_id");
			return (claim instanceof String id) ? id : null;
		}
		catch (ParseException | RuntimeException ex) {
			throw SigilException.invalid("token is not a signed JWT (three base64url parts)");
		}
	}

}
