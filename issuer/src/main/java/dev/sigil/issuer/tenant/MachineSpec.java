package dev.sigil.issuer.tenant;

/** What an operator says about a machine when creating or changing it; unchecked input. */
public record MachineSpec(String name, String region, String image, String imageDigest) {
}
