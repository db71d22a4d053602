package dev.sigil.issuer.audit;

/**
 * The database refused this one audit row (not the database being down): the token it
 * records must not be handed out. Other rows of the same group commit are unaffected.
 */
public class AuditRecordRefusedException extends RuntimeException {

	public AuditRecordRefusedException(String message, Throwable cause) {
		super(message, cause);
	}

}
