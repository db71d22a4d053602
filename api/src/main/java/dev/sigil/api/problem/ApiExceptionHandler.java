package dev.sigil.api.problem;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import tools.jackson.databind.exc.UnrecognizedPropertyException;

import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.keystore.rotation.KeyRotationRefusedException;
import dev.sigil.keystore.rotation.UnknownKeyException;

/**
 * Turns every failure of the machine and management APIs into an RFC 9457 problem with a
 * stable {@code type}; nothing else answers errors for them.
 */
@RestControllerAdvice(basePackages = "dev.sigil.api")
public class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(SigilException.class)
	ResponseEntity<ProblemDetail> sigil(SigilException ex) {
		if (ex.problem().status() >= 500) {
			logger.error("{}: {}", ex.problem().title(), ex.getMessage(), ex.getCause());
		}
		return Problems.response(ex.problem(), ex.getMessage());
	}

	@ExceptionHandler(KeyRotationRefusedException.class)
	ResponseEntity<ProblemDetail> rotationRefused(KeyRotationRefusedException ex) {
		ProblemDetail body = Problems.of(Problem.CONFLICT, ex.getMessage());
		body.setProperty("retry_at", ex.retryAt().toString());
		long seconds = Math.max(1, Duration.between(Instant.now(), ex.retryAt()).toSeconds());
		return ResponseEntity.status(Problem.CONFLICT.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.body(body);
	}

	@ExceptionHandler(UnknownKeyException.class)
	ResponseEntity<ProblemDetail> unknownKey(UnknownKeyException ex) {
		return Problems.response(Problem.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof UnrecognizedPropertyException unknown) {
				String name = unknown.getPropertyName();
				String printable = (name.length() > 64) ? name.substring(0, 64) + "..." : name;
				return Problems.response(Problem.INVALID_REQUEST,
						"Unknown member '" + printable.replaceAll("[^\\x20-\\x7E]", "?") + "'; this request takes "
								+ unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
			}
		}
		return Problems.response(Problem.MALFORMED_JSON, "The request body is not valid JSON of the expected shape");
	}

	// The framework's own messages name Java types and repeat what the request sent (a
	// parameter's value, the Content-Type header): these details are written here
	// instead, naming the parameter and what it takes.

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException ex) {
		return Problems.response(Problem.INVALID_REQUEST,
				"The query parameter '" + ex.getParameterName() + "' is required");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		String expected = (type == null) ? "a value of another form"
				: (type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase()
						: "a " + (Number.class.isAssignableFrom(type) || type.isPrimitive() ? "number"
								: type.getSimpleName().toLowerCase()));
		return Problems.response(Problem.INVALID_REQUEST, "'" + ex.getName() + "' must be " + expected);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException ex) {
		java.util.Set<?> methods = ex.getSupportedHttpMethods();
		return Problems.response(Problem.METHOD_NOT_ALLOWED, (methods == null || methods.isEmpty())
				? "This path does not take that method" : "This path takes " + methods);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException ex) {
		return Problems.response(Problem.UNSUPPORTED_MEDIA_TYPE,
				ex.getSupportedMediaTypes().isEmpty() ? "The body's Content-Type is not one this path takes"
						: "The body must be sent as one of " + ex.getSupportedMediaTypes());
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return Problems.response(Problem.INVALID_REQUEST,
				ex.getSupportedMediaTypes().isEmpty()
						? "This resource cannot answer in the media types the request accepts"
						: "This resource answers in " + ex.getSupportedMediaTypes());
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ProblemDetail> noResource(NoResourceFoundException ex) {
		return Problems.response(Problem.NOT_FOUND, "No such resource");
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> database(Exception ex) {
		logger.error("Database unavailable: {}", ex.getMessage());
		return Problems.response(Problem.DATABASE_UNAVAILABLE, "The database is unavailable; nothing was changed");
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException ex) {
		return Problems.response(Problem.INVALID_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		logger.error("Unexpected failure", ex);
		return Problems.response(Problem.INTERNAL, "An unexpected error occurred");
	}

}
