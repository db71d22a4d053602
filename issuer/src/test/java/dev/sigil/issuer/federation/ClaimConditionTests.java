package dev.sigil.issuer.federation;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claim conditions as a trust policy writes them, against claims as tokens carry them:
 * typed (no coercion), and a missing claim fails every operator, the negative ones too.
 */
class ClaimConditionTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CLAIMS = """
			{"sub":"system:serviceaccount:web:api","owner_id":"4242","run":17,"ok":true,"ratio":1.0,
			 "kubernetes.io":{"namespace":"web"},"groups":["a","b"],"empty":"","nothing":null}""";

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|', textBlock = """
			/owner_id                | "4242"                               | true
			/owner_id                | 4242                                 | false
			/run                     | 17                                   | true
			/run                     | 17.0                                 | true
			/run                     | "17"                                 | false
			/ok                      | true                                 | true
			/ok                      | "true"                               | false
			/ratio                   | 1                                    | true
			/kubernetes.io/namespace | "web"                                | true
			/kubernetes.io/namespace | "WEB"                                | false
			/owner_id                | {"one_of":["1","4242"]}              | true
			/owner_id                | {"one_of":[4242]}                    | false
			/sub                     | {"glob":"system:serviceaccount:web:*"} | true
			/sub                     | {"glob":"system:serviceaccount:*:api"} | true
			/sub                     | {"glob":"system:serviceaccount:w?b:api"} | true
			/sub                     | {"glob":"system:serviceaccount:db:*"} | false
			/sub                     | {"glob":"system.serviceaccount*"}    | false
			/run                     | {"glob":"1*"}                        | false
			/owner_id                | {"not":"1"}                          | true
			/owner_id                | {"not":"4242"}                       | false
			/owner_id                | {"not_one_of":["1","2"]}             | true
			/owner_id                | {"not_one_of":["4242"]}              | false
			/missing                 | "x"                                  | false
			/missing                 | {"not":"x"}                          | false
			/missing                 | {"not_one_of":["x"]}                 | false
			/missing                 | {"glob":"*"}                         | false
			/nothing                 | {"not":"x"}                          | false
			/groups                  | "a"                                  | false
			/empty                   | {"glob":"*"}                         | true
			/empty                   | {"not":{"glob":"?*"}}                | true
			""")
	void testWhenClaimAndConditionThenOutcome(String pointer, String condition, boolean expected) {
		ClaimCondition parsed = parse(pointer, condition);
		JsonNode claims = JSON.readTree(CLAIMS);
		assertThat(parsed.test(claims.at(pointer))).isEqualTo(expected);
	}

	/** Reads the condition through the policy reader, as a saved policy would. */
	private static ClaimCondition parse(String pointer, String condition) {
		String document = """
				{"name":"t","issuer":"https://issuer.example","provider":"generic","keys":{"source":"discovery"},
				 "algorithms":["RS256"],"audiences":["sigil"],"must_match":{"%s":%s},
				 "grant":{"type":"api_token","permissions":["machines:read"],"apps":["web"]}}""".formatted(pointer,
				condition);
		TrustPolicy policy = new TrustPolicyReader(new IssuerAddresses(false)).read(JSON.readTree(document),
				UUID.randomUUID(), UUID.randomUUID(), Instant.now());
		return policy.mustMatch().get(pointer);
	}

}
