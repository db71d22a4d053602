package dev.sigil.api.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.sigil.issuer.network.ClientAddresses;
import dev.sigil.api.problem.Problems;
import dev.sigil.issuer.credential.ApiTokens;
import dev.sigil.issuer.credential.MachineCredentials;
import dev.sigil.issuer.credential.MachineIdentity;
import dev.sigil.issuer.credential.SecretTokens;
import dev.sigil.issuer.error.Problem;
import dev.sigil.issuer.error.SigilException;
import dev.sigil.issuer.token.Audiences;
import dev.sigil.issuer.token.IssuedToken;
import dev.sigil.issuer.token.MachineTokenMinter;

/**
 * {@code POST /v1/tokens/oidc}: a machine asks for a token, optionally for an audience,
 * and gets the compact JWT alone as text. This is the hot path, so it is answered here,
 * ahead of the rest of the servlet filter chain and Spring MVC: a credential check from
 * memory, one signature, one group-committed audit row, waited for asynchronously (the
 * request thread is free meanwhile, so a few threads serve many connections and more
 * requests share each commit). The body is read as JSON whatever its declared type, so
 * that {@code curl --data '{"aud":"..."}'} works as the seed platform's did.
 */
public final class MachineTokenEndpoint extends OncePerRequestFilter {

	public static final String PATH = "/v1/tokens/oidc";

	private static final Logger logger = LoggerFactory.getLogger(MachineTokenEndpoint.class);

	private static final String BEARER = "bearer ";

	private final MachineCredentials machines;

	private final ApiTokens apiTokens;

	private final MachineTokenMinter minter;

	private final JsonMapper json;

	private final int maxBodyBytes;

	private final ClientAddresses clientAddresses;

	private final TokenRateLimits rateLimits;

	private final Executor answers;

	MachineTokenEndpoint(MachineCredentials machines, ApiTokens apiTokens, MachineTokenMinter minter, JsonMapper json,
			int maxBodyBytes, ClientAddresses clientAddresses, TokenRateLimits rateLimits, Executor answers) {
		this.answers = answers;
		this.machines = machines;
		this.apiTokens = apiTokens;
		this.minter = minter;
		this.json = json;
		this.maxBodyBytes = maxBodyBytes;
		this.clientAddresses = clientAddresses;
		this.rateLimits = rateLimits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PATH.equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("X-Content-Type-Options", "nosniff");
		String requestId = RequestIds.of(request.getHeader(RequestIds.HEADER));
		response.setHeader(RequestIds.HEADER, requestId);
		MDC.put(RequestIds.MDC_REQUEST, requestId);
		try {
			if (!"POST".equals(request.getMethod())) {
				response.setHeader(HttpHeaders.ALLOW, "POST");
				Problems.write(response, Problem.METHOD_NOT_ALLOWED, "Use POST");
				return;
			}
			String clientAddress = this.clientAddresses.of(request);
			OptionalLong cooling = this.rateLimits.refuseAfterFailures(clientAddress);
			if (cooling.isPresent()) {
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(cooling.getAsLong()));
				Problems.write(response, Problem.RATE_LIMITED, "Too many failed credentials from this address; "
						+ "retry after " + cooling.getAsLong() + " s");
				return;
			}
			MachineIdentity machine = authenticate(request, response);
			if (machine == null) {
				this.rateLimits.failed(clientAddress);
				return;
			}
			MDC.put(RequestIds.MDC_ORG, machine.orgSlug());
			OptionalLong retryAfter = this.rateLimits.refuse(machine);
			if (retryAfter.isPresent()) {
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.getAsLong()));
				Problems.write(response, Problem.RATE_LIMITED, "Too many token requests from this machine or its "
						+ "org; retry after " + retryAfter.getAsLong() + " s");
				return;
			}
			byte[] body = readBody(request);
			if (body == null) {
				response.setHeader("Connection", "close");
				Problems.write(response, Problem.PAYLOAD_TOO_LARGE,
						"The request body is larger than " + this.maxBodyBytes + " bytes");
				return;
			}
			TokenAsk ask = ask(body);
			CompletableFuture<IssuedToken> issued = this.minter.mintAsync(machine, ask.audiences(), ask.nonce(),
					clientAddress);
			// The request thread goes back to Tomcat while the audit row commits; the
			// answer is written
			// once it has (or once it is clear it will not), on a thread of the answer
			// pool.
			AsyncContext async = request.startAsync(request, response);
			async.setTimeout(0);
			String org = machine.orgSlug();
			issued.whenCompleteAsync((token, failure) -> {
				MDC.put(RequestIds.MDC_REQUEST, requestId);
				MDC.put(RequestIds.MDC_ORG, org);
				try {
					answer(async, token, failure);
				}
				finally {
					MDC.remove(RequestIds.MDC_REQUEST);
					MDC.remove(RequestIds.MDC_ORG);
				}
			}, this.answers);
		}
		catch (SigilException ex) {
			if (ex.problem().status() >= 500) {
				logger.error("{}: {}", ex.problem().title(), ex.getMessage());
			}
			Problems.write(response, ex.problem(), ex.getMessage());
		}
		catch (DataAccessException | TransactionException ex) {
			logger.error("Database unavailable while issuing a token: {}", ex.getMessage());
			Problems.write(response, Problem.DATABASE_UNAVAILABLE, "The database is unavailable; no token was issued");
		}
		finally {
			MDC.remove(RequestIds.MDC_REQUEST);
			MDC.remove(RequestIds.MDC_ORG);
		}
	}

	private static void answer(AsyncContext async, IssuedToken token, Throwable failure) {
		HttpServletResponse response = (HttpServletResponse) async.getResponse();
		try {
			if (failure == null) {
				byte[] answer = token.value().getBytes(StandardCharsets.US_ASCII);
				response.setStatus(HttpServletResponse.SC_OK);
				response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
				response.setContentType("text/plain");
				response.setContentLength(answer.length);
				response.getOutputStream().write(answer);
				logger.debug("Answered a token jti={} kid={}", token.jti(), token.kid());
				return;
			}
			Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
			if (cause instanceof SigilException ex) {
				if (ex.problem().status() >= 500) {
					logger.error("{}: {}", ex.problem().title(), ex.getMessage());
				}
				Problems.write(response, ex.problem(), ex.getMessage());
			}
			else {
				logger.error("Database unavailable while issuing a token: {}", cause.getMessage());
				Problems.write(response, Problem.DATABASE_UNAVAILABLE,
						"The database is unavailable; no token was issued");
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client went away: its row is committed (or not) all the same; nothing
			// to answer.
			logger.debug("Could not answer a token request: {}", ex.getMessage());
		}
		finally {
			async.complete();
		}
	}

	/**
	 * The machine behind the bearer credential, or null once a 401 or 403 has been
	 * written.
	 */
	private MachineIdentity authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.length() <= BEARER.length()
				|| !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			Problems.write(response, Problem.UNAUTHENTICATED, "A machine credential is required");
			return null;
		}
		String secret = header.substring(BEARER.length()).trim();
		Optional<MachineIdentity> machine = this.machines.authenticate(secret);
		if (machine.isPresent()) {
			return machine.get();
		}
		if (secret.startsWith(SecretTokens.API_PREFIX) && this.apiTokens.authenticate(secret).isPresent()) {
			Problems.write(response, Problem.FORBIDDEN, "A management API token cannot ask for machine tokens");
			return null;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		Problems.write(response, Problem.UNAUTHENTICATED, "The bearer credential is not valid");
		return null;
	}

	/**
	 * The body, or null when it is larger than allowed, whether or not it announced its
	 * length.
	 */
	private byte[] readBody(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxBodyBytes) {
			return null;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBodyBytes + 1);
		return (body.length > this.maxBodyBytes) ? null : body;
	}

	/**
	 * What a machine asks of its token: audiences (none for the issuer) and a nonce (or
	 * null).
	 */
	private record TokenAsk(List<String> audiences, String nonce) {
	}

	private TokenAsk ask(byte[] body) {
		if (isBlank(body)) {
			return new TokenAsk(List.of(), null);
		}
		JsonNode request;
		try {
			request = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new SigilException(Problem.MALFORMED_JSON, "The request body is not valid JSON");
		}
		if (request == null || !request.isObject()) {
			throw SigilException
				.invalid("The request body must be a JSON object such as {\"aud\": \"sts.amazonaws.com\"}");
		}
		for (String name : request.propertyNames()) {
			if (!name.equals("aud") && !name.equals("nonce")) {
				throw SigilException.invalid("Unknown member '" + printable(name) + "': a token request may have "
						+ "\"aud\" (a string or an array of up to " + Audiences.MAX_AUDIENCES + ") and \"nonce\"");
			}
		}
		return new TokenAsk(audiences(request.get("aud")), nonce(request.get("nonce")));
	}

	private static List<String> audiences(JsonNode aud) {
		if (aud == null || aud.isNull()) {
			return List.of();
		}
		if (aud.isString()) {
			return List.of(aud.asString());
		}
		if (!aud.isArray() || aud.isEmpty()) {
			throw new SigilException(Problem.INVALID_AUDIENCE, "aud must be a string or a non-empty array of strings");
		}
		if (aud.size() > Audiences.MAX_AUDIENCES) {
			throw new SigilException(Problem.INVALID_AUDIENCE,
					"aud may name at most " + Audiences.MAX_AUDIENCES + " audiences, got " + aud.size());
		}
		List<String> audiences = new ArrayList<>(aud.size());
		for (JsonNode one : aud) {
			if (!one.isString()) {
				throw new SigilException(Problem.INVALID_AUDIENCE, "each aud must be a string");
			}
			audiences.add(one.asString());
		}
		return audiences;
	}

	private static String nonce(JsonNode nonce) {
		if (nonce == null || nonce.isNull()) {
			return null;
		}
		if (!nonce.isString()) {
			throw SigilException.invalid("nonce must be a string");
		}
		return nonce.asString();
	}

	/**
	 * A member name safe to repeat in an answer: at most 64 characters, controls
	 * replaced.
	 */
	private static String printable(String name) {
		String cut = (name.length() > 64) ? name.substring(0, 64) + "..." : name;
		return cut.replaceAll("[\\p{Cntrl}\\p{Cs}]", "?");
	}

	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

}
