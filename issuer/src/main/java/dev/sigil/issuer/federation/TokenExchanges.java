package dev.sigil.issuer.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;

import dev.sigil.issuer.credential.ApiTokens;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.credential.NewApiToken;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.federation.TrustPolicies.Held;
import dev.sigil.issuer.federation.TrustPolicy.ApiTokenGrant;
import dev.sigil.issuer.federation.TrustPolicy.MachineGrant;
import dev.sigil.issuer.federation.TrustPolicy.Value;
import dev.sigil.issuer.oidc.IssuerProperties;
import dev.sigil.issuer.tenant.MachineSpec;
import dev.sigil.issuer.tenant.TenantDirectory;
import dev.sigil.issuer.token.FederatedSubject;
import dev.sigil.issuer.token.IssuedToken;
import dev.sigil.issuer.token.MachineTokenMinter;

/**
 * RFC 8693 token exchange against an org's trust policies: a workload presents a token it
 * holds from a platform that attests it, and gets a Sigil machine token or a short-lived,
 * limited management API token, without any static secret. Every exchange, granted or
 * refused, is recorded.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693: OAuth 2.0 Token
 * Exchange</a>
 */
@Service
public class TokenExchanges {

	/** The policy tag of an exchange whose client_id names none of the org's policies. */
	static final String UNKNOWN_POLICY = "(unknown)";

	public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

	public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

	public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";

	public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

	private static final Logger logger = LoggerFactory.getLogger(TokenExchanges.class);

	private final TrustPolicies policies;

	private final SubjectTokenVerifier verifier;

	private final ReplayGuard replay;

	private final ExchangeRecords records;

	private final TenantDirectory tenants;

	private final MachineTokenMinter minter;

	private final ApiTokens apiTokens;

	private final IssuerProperties issuer;

	private final MeterRegistry meters;

	TokenExchanges(TrustPolicies policies, FederationComponents components, ReplayGuard replay, ExchangeRecords records,
			TenantDirectory tenants, MachineTokenMinter minter, ApiTokens apiTokens, IssuerProperties issuer,
			MeterRegistry meters) {
		this.policies = policies;
		this.verifier = components.verifier();
		this.replay = replay;
		this.records = records;
		this.tenants = tenants;
		this.minter = minter;
		this.apiTokens = apiTokens;
		this.issuer = issuer;
		this.meters = meters;
	}

	/**
	 * Exchanges the subject token.
	 * @throws ExchangeRefusedException with the RFC 8693 error and a description naming
	 * the failed check
	 */
	public ExchangeResult exchange(ExchangeRequest request) {
		Verification verification = null;
		String policyName = request.clientId();
		// The meters name a policy only once it is one of the org's: a client_id is
		// anyone's
		// choice, and a meter per made-up name would grow without end.
		String meteredPolicy = UNKNOWN_POLICY;
		try {
			TrustPolicy policy = policy(request);
			meteredPolicy = request.clientId();
			requireTokenTypes(request, policy);
			verification = this.verifier.verify(request.subjectToken(), policy, false);
			if (!verification.passed()) {
				throw new ExchangeRefusedException("invalid_grant", verification.failure());
			}
			JsonNode claims = verification.claims();
			List<String> audiences = audiences(request, policy);
			String jti = text(claims, "jti");
			if (policy.replayProtection()) {
				if (jti == null) {
					throw new ExchangeRefusedException("invalid_grant",
							"jti: the subject token has no jti, and the policy protects against replay");
				}
				if (!this.replay.firstUse(policy.id(), jti, Instant.ofEpochSecond(claims.get("exp").longValue()))) {
					throw new ExchangeRefusedException("invalid_grant",
							"jti: the subject token was exchanged already (jti " + jti + ")");
				}
			}
			ExchangeResult result = grant(request, policy, claims, audiences);
			record(request, meteredPolicy, claims, "granted", null, result.issuedId());
			return result;
		}
		catch (ExchangeRefusedException ex) {
			record(request, meteredPolicy, (verification != null) ? verification.claims() : null, "refused",
					ex.getMessage(), null);
			throw ex;
		}
		catch (SigilException ex) {
			if (ex.problem().status() >= 500) {
				record(request, meteredPolicy, (verification != null) ? verification.claims() : null, "failed",
						ex.getMessage(), null);
				throw ex;
			}
			ExchangeRefusedException refused = new ExchangeRefusedException("invalid_grant", ex.getMessage());
			record(request, meteredPolicy, (verification != null) ? verification.claims() : null, "refused",
					ex.getMessage(), null);
			throw refused;
		}
		finally {
			logger.debug("Token exchange org={} policy={}", request.orgSlug(), policyName);
		}
	}

	/**
	 * Runs every check of the policy on the token without issuing anything (nor marking
	 * its jti used).
	 */
	public List<Verification.Check> explain(String orgSlug, UUID policyId, String subjectToken) {
		TrustPolicy policy = this.policies.get(orgSlug, policyId);
		Verification verification = this.verifier.verify(subjectToken, policy, true);
		List<Verification.Check> checks = new ArrayList<>(verification.checks());
		JsonNode claims = verification.claims();
		if (claims != null && policy.replayProtection()) {
			String jti = text(claims, "jti");
			boolean fresh = jti != null && !this.replay.used(policy.id(), jti);
			checks.add(new Verification.Check("replay", fresh, "a jti not exchanged before",
					(jti == null) ? "no jti" : (fresh ? jti : jti + " (used)"),
					fresh ? null : "the subject token cannot be exchanged (again)"));
		}
		if (claims != null && policy.grant() instanceof MachineGrant machine) {
			try {
				String name = (machine.machine() != null) ? machine.machine()
						: value(claims, new Value(null, machine.machineNameFrom()), "machine_name_from");
				checks.add(new Verification.Check("machine", true, null, name, null));
			}
			catch (ExchangeRefusedException ex) {
				checks.add(new Verification.Check("machine", false, "a machine name", null, ex.getMessage()));
			}
		}
		return checks;
	}

	private TrustPolicy policy(ExchangeRequest request) {
		if (request.clientId() == null || request.clientId().isBlank()) {
			throw new ExchangeRefusedException("invalid_client", "client_id (the trust policy's name) is required");
		}
		Held held = this.policies.byName(request.orgId(), request.clientId())
			.orElseThrow(() -> new ExchangeRefusedException("invalid_client",
					"no trust policy named '" + request.clientId() + "' in this org"));
		if (held.policy() == null) {
			throw new ExchangeRefusedException("invalid_client",
					"trust policy '" + request.clientId() + "' no longer holds: " + held.problem());
		}
		return held.policy();
	}

	private static void requireTokenTypes(ExchangeRequest request, TrustPolicy policy) {
		if (!JWT.equals(request.subjectTokenType()) && !ID_TOKEN.equals(request.subjectTokenType())) {
			throw new ExchangeRefusedException("invalid_request",
					"subject_token_type must be " + JWT + " or " + ID_TOKEN);
		}
		String wanted = (policy.grant() instanceof MachineGrant) ? ID_TOKEN : ACCESS_TOKEN;
		if (request.requestedTokenType() != null && !request.requestedTokenType().equals(wanted)) {
			throw new ExchangeRefusedException("invalid_request",
					"requested_token_type: the policy grants "
							+ ((policy.grant() instanceof MachineGrant) ? "a machine token" : "a management API token")
							+ "; ask for " + wanted);
		}
	}

	private List<String> audiences(ExchangeRequest request, TrustPolicy policy) {
		if (policy.grant() instanceof MachineGrant machine) {
			for (String audience : request.audiences()) {
				if (!machine.audiences().contains(audience)) {
					throw new ExchangeRefusedException("invalid_target",
							"audience '" + audience + "' is not one the policy allows " + machine.audiences());
				}
			}
			return request.audiences();
		}
		String own = this.issuer.issuerOf(request.orgSlug());
		if (request.audiences().stream().anyMatch((audience) -> !audience.equals(own))) {
			throw new ExchangeRefusedException("invalid_target", "a management API token is for " + own + " only");
		}
		return List.of();
	}

	private ExchangeResult grant(ExchangeRequest request, TrustPolicy policy, JsonNode claims, List<String> audiences) {
		String subject = text(claims, "sub");
		String actor = "trust-policy:" + policy.name();
		if (policy.grant() instanceof MachineGrant machine) {
			boolean named = machine.machine() != null;
			String name = named ? machine.machine()
					: value(claims, new Value(null, machine.machineNameFrom()), "machine_name_from");
			MachineSpec spec = new MachineSpec(name, value(claims, machine.region(), "region"),
					value(claims, machine.image(), "image"), value(claims, machine.imageDigest(), "image_digest"));
			MachineIdentity identity;
			try {
				identity = this.tenants.federatedMachine(request.orgId(), machine.app(), name, named, spec,
						policy.issuer(), subject, actor);
			}
			catch (SigilException ex) {
				if (ex.problem() != Problem.CONFLICT) {
					throw ex;
				}
				// Two first exchanges for one new machine at once: one registered it, the
				// other's insert
				// lost; in a new transaction it finds the machine (or the same conflict
				// again).
				identity = this.tenants.federatedMachine(request.orgId(), machine.app(), name, named, spec,
						policy.issuer(), subject, actor);
			}
			Duration lifetime = this.minter.lifetime(identity, machine.tokenLifetime());
			IssuedToken token = this.minter.mint(identity, audiences, request.clientAddress(),
					new FederatedSubject(policy.issuer(), subject), lifetime);
			return new ExchangeResult(token.value(), ID_TOKEN, "N_A", lifetime.toSeconds(), token.jti().toString());
		}
		ApiTokenGrant grant = (ApiTokenGrant) policy.grant();
		NewApiToken token = this.apiTokens.createLimited(
				"exchange:" + policy.name() + ":" + UUID.randomUUID().toString().substring(0, 8), request.orgId(),
				grant.permissions(), grant.apps(), grant.ttl(), actor);
		return new ExchangeResult(token.secret(), ACCESS_TOKEN, "Bearer", grant.ttl().toSeconds(),
				"api-token:" + token.token().getId());
	}

	/** A grant's value: fixed, or the claim's (which must be a string). */
	private static String value(JsonNode claims, Value value, String field) {
		if (value.fixed() != null) {
			return value.fixed();
		}
		JsonNode claim = claims.at(value.from());
		if (!claim.isString() || claim.stringValue().isBlank()) {
			throw new ExchangeRefusedException("invalid_grant", "grant." + field + ": claim " + value.from()
					+ " is not a non-empty string (" + SubjectTokenVerifier.describe(claim) + ")");
		}
		return claim.stringValue();
	}

	private void record(ExchangeRequest request, String meteredPolicy, JsonNode verifiedClaims, String outcome,
			String reason, String issued) {
		this.meters
			.counter("sigil.federation.exchanges", "org", request.orgSlug(), "policy", meteredPolicy, "outcome",
					outcome)
			.increment();
		try {
			this.records.record(request.orgId(), String.valueOf(request.clientId()),
					(verifiedClaims != null) ? text(verifiedClaims, "iss") : null,
					(verifiedClaims != null) ? text(verifiedClaims, "sub") : null,
					(verifiedClaims != null) ? text(verifiedClaims, "jti") : null, outcome, reason, issued,
					request.clientAddress());
		}
		catch (RuntimeException ex) {
			logger.error("Could not record a token exchange of org={} policy={}: {}", request.orgSlug(),
					request.clientId(), ex.getMessage());
			if ("granted".equals(outcome)) {
				throw new SigilException(dev.sigil.issuer.error.Problem.DATABASE_UNAVAILABLE,
						"The exchange could not be recorded; nothing was issued", ex);
			}
		}
	}

	private static String text(JsonNode claims, String name) {
		JsonNode value = claims.get(name);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/** What the token endpoint received, checked for shape only. */
	public record ExchangeRequest(UUID orgId, String orgSlug, String clientId, String subjectToken,
			String subjectTokenType, String requestedTokenType, List<String> audiences, String clientAddress) {

		@Override
		public String toString() {
			return "ExchangeRequest[org=" + this.orgSlug + ", client=" + this.clientId + "]";
		}

	}

	/** What the exchange issued. */
	public record ExchangeResult(String token, String issuedTokenType, String tokenType, long expiresIn,
			String issuedId) {

		@Override
		public String toString() {
			return "ExchangeResult[" + this.issuedTokenType + ", " + this.issuedId + "]";
		}

	}

}
