package dev.sigil.issuer.trust;

import java.util.regex.Pattern;

import dev.sigil.issuer.error.SigilException;

/**
 * Where a Google Cloud workload identity pool provider lives. A part not given is written
 * as a placeholder ({@code ${PROJECT_NUMBER}}, {@code ${POOL_ID}},
 * {@code ${PROVIDER_ID}}) in JSON and as a Terraform variable in HCL.
 *
 * @param projectNumber the project's number (not its id), or null
 * @param poolId the pool's id, or null
 * @param providerId the provider's id, or null
 * @see <a href=
 * "https://cloud.google.com/iam/docs/reference/rest/v1/projects.locations.workloadIdentityPools.providers">workloadIdentityPools.providers</a>
 */
public record GcpWorkloadPool(String projectNumber, String poolId, String providerId) {

	private static final Pattern NUMBER = Pattern.compile("[0-9]{1,20}");

	// Pool and provider ids: 4 to 32 lower-case letters, digits and hyphens; "gcp-" is
	// Google's.
	private static final Pattern ID = Pattern.compile("[a-z0-9-]{4,32}");

	public GcpWorkloadPool {
		if (projectNumber != null && !NUMBER.matcher(projectNumber).matches()) {
			throw SigilException.invalid("a Google Cloud project number is digits, got '" + projectNumber + "'");
		}
		checkId("pool", poolId);
		checkId("provider", providerId);
	}

	/** Every part a placeholder. */
	public static GcpWorkloadPool placeholders() {
		return new GcpWorkloadPool(null, null, null);
	}

	String projectNumberOrPlaceholder() {
		return (this.projectNumber != null) ? this.projectNumber : "${PROJECT_NUMBER}";
	}

	String poolIdOrPlaceholder() {
		return (this.poolId != null) ? this.poolId : "${POOL_ID}";
	}

	String providerIdOrPlaceholder() {
		return (this.providerId != null) ? this.providerId : "${PROVIDER_ID}";
	}

	/** {@code projects/N/locations/global/workloadIdentityPools/P}. */
	String poolName() {
		return "projects/" + projectNumberOrPlaceholder() + "/locations/global/workloadIdentityPools/"
				+ poolIdOrPlaceholder();
	}

	/** {@code projects/N/locations/global/workloadIdentityPools/P/providers/R}. */
	String providerName() {
		return poolName() + "/providers/" + providerIdOrPlaceholder();
	}

	private static void checkId(String what, String id) {
		if (id != null
				&& (!ID.matcher(id).matches() || id.startsWith("gcp-") || id.startsWith("-") || id.endsWith("-"))) {
			throw SigilException.invalid("a workload identity " + what + " id is 4-32 lower-case letters, digits "
					+ "and hyphens, not starting with 'gcp-', got '" + id + "'");
		}
	}

}
