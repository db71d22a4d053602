package dev.sigil.issuer.credential;

import java.util.Arrays;

import dev.sigil.issuer.error.SigilException;

/**
 * How an app's tokens spell {@code sub}. Names read well in a policy; ids never change,
 * so a policy written for them is never matched by a renamed or re-created app or machine
 * of the same name.
 */
public enum SubjectTemplate {

	/** {@code org:app:machine}, by slug and names. */
	NAMES("names"),

	/** {@code org_id:app_id:machine_id}, by the immutable ids. */
	IDS("ids");

	private final String value;

	SubjectTemplate(String value) {
		this.value = value;
	}

	/** The name used in the API and the database. */
	public String value() {
		return this.value;
	}

	/** The token subject of the machine under this template. */
	public String subject(MachineIdentity machine) {
		return (this == IDS) ? machine.orgId() + ":" + machine.appId() + ":" + machine.machineId()
				: machine.orgSlug() + ":" + machine.appName() + ":" + machine.machineName();
	}

	public static SubjectTemplate of(String value) {
		return Arrays.stream(values())
			.filter((template) -> template.value.equals(value))
			.findFirst()
			.orElseThrow(() -> SigilException.invalid("subject must be \"names\" or \"ids\""));
	}

}
