package dev.sigil.issuer.trust;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A machine of org {@code acme}, app {@code web}, as trust configuration describes it and
 * as its tokens claim it; each method returns a changed copy.
 */
record TestMachine(String issuer, UUID orgId, String org, UUID appId, String app, UUID machineId, String machine,
		String template, List<String> audiences) {

	static final String ISSUER = "https://id.example.com/acme";

	static final String HOST_PATH = "id.example.com/acme";

	static final UUID ACME = UUID.fromString("0b6c4f6e-5f0a-4a43-9a52-0d3c1c2f0a01");

	static final UUID WEB = UUID.fromString("7d1e2a33-8c4b-4f5e-9b6a-1a2b3c4d5e02");

	static final UUID API = UUID.fromString("3f9a8b7c-6d5e-4f3a-8b2c-9d8e7f6a5b03");

	static final UUID M1 = UUID.fromString("c2d3e4f5-a6b7-4c8d-9e0f-112233445504");

	static final UUID M2 = UUID.fromString("d3e4f5a6-b7c8-4d9e-8f01-223344556605");

	static TestMachine web() {
		return new TestMachine(ISSUER, ACME, "acme", WEB, "web", M1, "m1", TrustSubject.NAMES,
				List.of("sts.amazonaws.com"));
	}

	TestMachine app(String name, UUID id) {
		return new TestMachine(this.issuer, this.orgId, this.org, id, name, this.machineId, this.machine, this.template,
				this.audiences);
	}

	TestMachine machine(String name, UUID id) {
		return new TestMachine(this.issuer, this.orgId, this.org, this.appId, this.app, id, name, this.template,
				this.audiences);
	}

	TestMachine template(String template) {
		return new TestMachine(this.issuer, this.orgId, this.org, this.appId, this.app, this.machineId, this.machine,
				template, this.audiences);
	}

	TestMachine audiences(String... audiences) {
		return new TestMachine(this.issuer, this.orgId, this.org, this.appId, this.app, this.machineId, this.machine,
				this.template, List.of(audiences));
	}

	TestMachine issuer(String issuer) {
		return new TestMachine(issuer, this.orgId, this.org, this.appId, this.app, this.machineId, this.machine,
				this.template, this.audiences);
	}

	/**
	 * Trust in every machine of this machine's app, the relying party's usual audience.
	 */
	TrustSubject appSubject() {
		return TrustSubject.app(this.issuer, this.orgId, this.org, this.appId, this.app, this.template, null);
	}

	/** Trust in this machine only. */
	TrustSubject machineSubject() {
		return appSubject().pinnedTo(this.machine, this.machineId);
	}

	String sub() {
		return TrustSubject.IDS.equals(this.template) ? this.orgId + ":" + this.appId + ":" + this.machineId
				: this.org + ":" + this.app + ":" + this.machine;
	}

	/** The claims of this machine's token. */
	ObjectNode claims() {
		ObjectNode claims = JsonNodeFactory.instance.objectNode();
		claims.put("iss", this.issuer);
		claims.put("sub", sub());
		if (this.audiences.size() == 1) {
			claims.put("aud", this.audiences.get(0));
		}
		else {
			ArrayNode aud = claims.putArray("aud");
			this.audiences.forEach(aud::add);
		}
		claims.put("org_id", this.orgId.toString());
		claims.put("org_name", this.org);
		claims.put("app_id", this.appId.toString());
		claims.put("app_name", this.app);
		claims.put("machine_id", this.machineId.toString());
		claims.put("machine_name", this.machine);
		claims.put("machine_version", "1");
		claims.put("region", "eu-west-1");
		claims.put("exp", 1_900_000_600L);
		claims.put("iat", 1_900_000_000L);
		return claims;
	}

}
