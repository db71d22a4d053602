package dev.sigil.issuer.tenant;

/** A machine just created, with its credential: the only time the credential is seen. */
public record NewMachine(Machine machine, String credential) {

	@Override
	public String toString() {
		return "NewMachine[" + this.machine.getName() + "]";
	}

}
