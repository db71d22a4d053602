package dev.sigil.issuer.token;

import dev.sigil.issuer.credential.MachineIdentity;

/**
 * The claims a machine's tokens share while the machine keeps its version, written once
 * as JSON members; each token adds only {@code aud}, {@code exp}, {@code iat},
 * {@code jti} and {@code nbf}.
 */
final class ClaimsTemplate {

	private final MachineIdentity machine;

	private final String issuer;

	private final String members;

	ClaimsTemplate(MachineIdentity machine, String issuer) {
		this.machine = machine;
		this.issuer = issuer;
		this.members = "\"app_id\":" + JsonText.quote(machine.appId().toString()) + ",\"app_name\":"
				+ JsonText.quote(machine.appName()) + ",\"image\":" + JsonText.quote(machine.image())
				+ ",\"image_digest\":" + JsonText.quote(machine.imageDigest()) + ",\"iss\":" + JsonText.quote(issuer)
				+ labels(machine) + ",\"machine_id\":" + JsonText.quote(machine.machineId().toString())
				+ ",\"machine_name\":" + JsonText.quote(machine.machineName()) + ",\"machine_version\":"
				+ JsonText.quote(Integer.toString(machine.machineVersion())) + ",\"org_id\":"
				+ JsonText.quote(machine.orgId().toString()) + ",\"org_name\":" + JsonText.quote(machine.orgSlug())
				+ ",\"region\":" + JsonText.quote(machine.region()) + ",\"sub\":" + JsonText.quote(machine.subject());
	}

	/**
	 * The {@code labels} member, present only when the machine's app lists label keys.
	 */
	private static String labels(MachineIdentity machine) {
		if (!machine.labelClaims()) {
			return "";
		}
		StringBuilder labels = new StringBuilder(",\"labels\":{");
		machine.labels().forEach((key, value) -> {
			if (labels.charAt(labels.length() - 1) != '{') {
				labels.append(',');
			}
			labels.append(JsonText.quote(key)).append(':').append(JsonText.quote(value));
		});
		return labels.append('}').toString();
	}

	/**
	 * Whether this template still describes the machine. The issuer follows from the org
	 * slug, which is part of the record, and the configured base URL, which does not
	 * change while running.
	 */
	boolean describes(MachineIdentity current) {
		return this.machine.equals(current);
	}

	/** The issuer URL, also the default audience. */
	String issuer() {
		return this.issuer;
	}

	/**
	 * The whole claim set of one token, as a JSON object.
	 * @param audienceJson the {@code aud} value, already JSON (a string or an array)
	 * @param extraMembers further members, already JSON, starting with a comma; empty for
	 * none
	 */
	String payload(String audienceJson, long issuedAt, long expiresAt, String jti, String extraMembers) {
		return "{\"aud\":" + audienceJson + ",\"exp\":" + expiresAt + ",\"iat\":" + issuedAt + ",\"jti\":\"" + jti
				+ "\",\"nbf\":" + issuedAt + "," + this.members + extraMembers + "}";
	}

}
