package dev.sigil.issuer.credential;

import java.util.UUID;

/**
 * Who a machine credential belongs to, with everything its tokens claim about it.
 */
public record MachineIdentity(UUID orgId, String orgSlug, UUID appId, String appName, UUID machineId,
		String machineName, int machineVersion, String region, String image, String imageDigest) {

	/** The token subject: {@code org:app:machine}. */
	public String subject() {
		return this.orgSlug + ":" + this.appName + ":" + this.machineName;
	}

}
