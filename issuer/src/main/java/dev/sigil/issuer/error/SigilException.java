package dev.sigil.issuer.error;

/**
 * A failure a caller can act on. Its {@link Problem} names the stable problem type and
 * HTTP status the API answers with.
 */
public class SigilException extends RuntimeException {

	private final Problem problem;

	public SigilException(Problem problem, String detail) {
		super(detail);
		this.problem = problem;
	}

	public SigilException(Problem problem, String detail, Throwable cause) {
		super(detail, cause);
		this.problem = problem;
	}

	public Problem problem() {
		return this.problem;
	}

	public static SigilException notFound(String detail) {
		return new SigilException(Problem.NOT_FOUND, detail);
	}

	public static SigilException conflict(String detail) {
		return new SigilException(Problem.CONFLICT, detail);
	}

	public static SigilException invalid(String detail) {
		return new SigilException(Problem.INVALID_REQUEST, detail);
	}

}
