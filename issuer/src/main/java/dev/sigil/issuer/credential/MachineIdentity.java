package dev.sigil.issuer.credential;

import java.time.Duration;
import java.util.Collections;
import java.util.SortedMap;
import java.util.UUID;

/**
 * Who a machine credential belongs to, with everything its tokens claim about it: the
 * machine's own fields and what its app says of its tokens (the {@code sub} template, the
 * labels it carries, its lifetime).
 *
 * @param labels the machine's labels that its app copies into tokens; empty when it lists
 * none
 * @param labelClaims whether the app lists label keys (then the token has a
 * {@code labels} claim)
 * @param tokenLifetime the app's token lifetime, or null for the platform's
 */
public record MachineIdentity(UUID orgId, String orgSlug, UUID appId, String appName, UUID machineId,
		String machineName, int machineVersion, String region, String image, String imageDigest,
		SubjectTemplate subjectTemplate, SortedMap<String, String> labels, boolean labelClaims,
		Duration tokenLifetime) {

	public MachineIdentity {
		labels = (labels != null) ? labels : Collections.emptySortedMap();
		subjectTemplate = (subjectTemplate != null) ? subjectTemplate : SubjectTemplate.NAMES;
	}

	/** A machine of an app with the default token settings. */
	public MachineIdentity(UUID orgId, String orgSlug, UUID appId, String appName, UUID machineId, String machineName,
			int machineVersion, String region, String image, String imageDigest) {
		this(orgId, orgSlug, appId, appName, machineId, machineName, machineVersion, region, image, imageDigest,
				SubjectTemplate.NAMES, null, false, null);
	}

	/** The token subject, as the app's template spells it. */
	public String subject() {
		return this.subjectTemplate.subject(this);
	}

}
