package dev.sigil.issuer.tenant;

import java.util.Map;

/**
 * What an operator says about a machine when creating or changing it; unchecked input.
 *
 * @param labels the machine's labels (replacing the old ones on a change), or null for
 * none or no change
 */
public record MachineSpec(String name, String region, String image, String imageDigest, Map<String, String> labels) {

	public MachineSpec(String name, String region, String image, String imageDigest) {
		this(name, region, image, imageDigest, null);
	}

}
