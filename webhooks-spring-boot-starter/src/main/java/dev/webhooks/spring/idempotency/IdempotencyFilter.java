package dev.webhooks.spring.idempotency;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import dev.webhooks.idempotency.IdempotencyGuard;
import dev.webhooks.idempotency.IdempotencyGuard.Decision;
import dev.webhooks.idempotency.IdempotencyGuard.InFlight;
import dev.webhooks.idempotency.IdempotencyGuard.Mismatch;
import dev.webhooks.idempotency.IdempotencyGuard.Proceed;
import dev.webhooks.idempotency.IdempotencyGuard.Replay;
import dev.webhooks.idempotency.IdempotencyKeyEncoder;
import dev.webhooks.idempotency.IdempotencyKeyParser;
import dev.webhooks.idempotency.InvalidIdempotencyKeyException;
import dev.webhooks.idempotency.RequestFingerprint;
import dev.webhooks.idempotency.StoredResponse;
import dev.webhooks.spring.idempotency.EndpointIdempotency.Treatment;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Applies idempotency keys to Spring MVC endpoints: runs a request once per key, replays its stored response to
 * repeats, and refuses concurrent repeats (409) and different requests reusing a key (422). Safe methods are never
 * checked. Errors are RFC 9457 problem details.
 * <p>
 * Keys are scoped by the {@link IdempotencyKeyEncoder} (per caller, method and path by default); the caller is the
 * request's authenticated principal (Spring Security sets it), so it must run after security.
 */
public final class IdempotencyFilter extends OncePerRequestFilter implements SmartInitializingSingleton {

	/** Set to {@code true} on replayed responses, as Stripe and the IETF draft's examples do. */
	public static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private static final String PENDING_ATTRIBUTE = IdempotencyFilter.class.getName() + ".pending";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	// replaying these would describe the old exchange, not the new one
	private static final Set<String> UNSTORED_HEADERS = Set.of("date", "content-length", "transfer-encoding",
			"connection", "keep-alive", "set-cookie");

	private final IdempotentEndpoints endpoints;

	private final Function<String, IdempotencyGuard> guards;

	private final IdempotencyKeyEncoder keyEncoder;

	private final Settings settings;

	private final IdempotencyKeyParser parser;

	/**
	 * @param guards the guard for an endpoint's cache name ({@code ""} for the default)
	 */
	public IdempotencyFilter(IdempotentEndpoints endpoints, Function<String, IdempotencyGuard> guards,
			IdempotencyKeyEncoder keyEncoder, Settings settings) {
		this.endpoints = endpoints;
		this.guards = guards;
		this.keyEncoder = keyEncoder;
		this.settings = settings;
		this.parser = new IdempotencyKeyParser(settings.maxKeyLength());
	}

	/**
	 * The filter's behaviour.
	 *
	 * @param requirement which endpoints need a key without annotations
	 * @param headerName the request header carrying the key
	 * @param maxKeyLength the longest key accepted
	 * @param inFlightStatus the status answering a repeat while the first request runs (409, or 423)
	 * @param replayStatus {@code null} to replay stored responses, else the status to answer repeats with instead
	 */
	public record Settings(IdempotencyRequirement requirement, String headerName, int maxKeyLength,
			int inFlightStatus, @Nullable Integer replayStatus) {

	}

	/**
	 * Checks that every cache an endpoint names with {@code @IdempotencyKey(cacheName)} exists, so that a typo fails
	 * start-up naming the method rather than the endpoint's first request.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		this.endpoints.mappedEndpoints().forEach((method, endpoint) -> {
			if (!endpoint.cacheName().isEmpty()) {
				try {
					this.guards.apply(endpoint.cacheName());
				}
				catch (IllegalStateException ex) {
					throw new IllegalStateException("@IdempotencyKey(cacheName = \"" + endpoint.cacheName()
							+ "\") on method " + method + ": " + ex.getMessage(), ex);
				}
			}
		});
	}

	// an asynchronous endpoint's response is written during a later dispatch, where it is stored
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isAsyncDispatch(request)) {
			continueAsync(request, response, chain);
			return;
		}
		if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
			chain.doFilter(request, response);
			return;
		}
		EndpointIdempotency endpoint = this.endpoints.resolve(request);
		Treatment treatment = (endpoint != null) ? endpoint.effective(this.settings.requirement()) : Treatment.EXEMPT;
		if (treatment == Treatment.EXEMPT) {
			chain.doFilter(request, response);
			return;
		}
		String header = request.getHeader(this.settings.headerName());
		if (header == null) {
			if (treatment == Treatment.OPTIONAL) {
				chain.doFilter(request, response);
			}
			else {
				ProblemResponses.write(request, response, 400, "key-missing", "Idempotency key missing",
						"This endpoint requires an idempotency key in the " + this.settings.headerName()
								+ " header");
			}
			return;
		}
		String key;
		try {
			key = this.parser.parse(header);
		}
		catch (InvalidIdempotencyKeyException ex) {
			ProblemResponses.write(request, response, 400, "key-invalid", "Invalid idempotency key", ex.getMessage());
			return;
		}
		handle(request, response, chain, key, endpoint.cacheName(), treatment == Treatment.MANUAL);
	}

	private void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String key,
			String cacheName, boolean manual) throws ServletException, IOException {
		Principal principal = request.getUserPrincipal();
		String caller = (principal != null) ? principal.getName() : null;
		String method = request.getMethod().toUpperCase(Locale.ROOT);
		// one endpoint however its path is spelled (/pay%6Dents, //payments, /payments;jsessionid=1): decoded and
		// normalised, and case-folded for the key's scope, so a repeat finds the key (and a changed request is a 422)
		String path = RequestFingerprint.canonicalPath(request.getRequestURI());
		HttpServletRequest readable = request;
		byte[] body;
		if (isForm(request)) {
			// the container parses form bodies into parameters; reading the stream would hide them from the endpoint
			body = formBody(request);
		}
		else {
			CachedBodyRequest cached = CachedBodyRequest.of(request);
			readable = cached;
			body = cached.body();
		}
		String query = request.getQueryString();
		String fingerprint = RequestFingerprint.of(method, (query != null) ? path + "?" + query : path, caller, body);
		Decision decision = this.guards.apply(cacheName)
			.begin(this.keyEncoder.encode(key, method, path.toLowerCase(Locale.ROOT), caller), fingerprint);
		if (decision instanceof Proceed proceed) {
			run(readable, response, chain, proceed, manual ? new IdempotencyKeyStatus(key, false, null) : null);
		}
		else if (decision instanceof Mismatch) {
			ProblemResponses.write(request, response, 422, "key-reused", "Idempotency key reused",
					"This idempotency key was already used for a different request (method, path, body or caller); "
							+ "send a new key for a new request");
		}
		else if (manual) {
			StoredResponse previous = (decision instanceof Replay replay) ? replay.response() : null;
			exposeStatus(readable, new IdempotencyKeyStatus(key, true, previous));
			chain.doFilter(readable, response);
		}
		else if (decision instanceof InFlight) {
			response.setHeader("Retry-After", "1");
			ProblemResponses.write(request, response, this.settings.inFlightStatus(), "key-in-use",
					"Idempotency key in use",
					"A request with this idempotency key is still being processed; retry once it has completed");
		}
		else {
			replay(request, response, ((Replay) decision).response());
		}
	}

	private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Proceed proceed,
			@Nullable IdempotencyKeyStatus status) throws ServletException, IOException {
		if (status != null) {
			exposeStatus(request, status);
		}
		ContentCachingResponseWrapper recording = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, recording);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			proceed.release();
			throw ex;
		}
		if (request.isAsyncStarted()) {
			request.setAttribute(PENDING_ATTRIBUTE, proceed);
			return;
		}
		completeAndSend(proceed, recording);
	}

	private void continueAsync(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Proceed proceed = (Proceed) request.getAttribute(PENDING_ATTRIBUTE);
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			if (proceed != null) {
				proceed.release();
			}
			throw ex;
		}
		ContentCachingResponseWrapper recording = WebUtils.getNativeResponse(response,
				ContentCachingResponseWrapper.class);
		if (proceed != null && recording != null && !request.isAsyncStarted()) {
			request.removeAttribute(PENDING_ATTRIBUTE);
			completeAndSend(proceed, recording);
		}
	}

	private static void completeAndSend(Proceed proceed, ContentCachingResponseWrapper recording)
			throws IOException {
		try {
			proceed.complete(new StoredResponse(recording.getStatus(), headersOf(recording),
					recording.getContentAsByteArray()));
		}
		finally {
			recording.copyBodyToResponse();
		}
	}

	private void replay(HttpServletRequest request, HttpServletResponse response, StoredResponse stored)
			throws IOException {
		Integer replayStatus = this.settings.replayStatus();
		if (replayStatus != null) {
			ProblemResponses.write(request, response, replayStatus, "key-already-used", "Idempotency key already used",
					"A request with this idempotency key has already completed");
			return;
		}
		response.setStatus(stored.status());
		stored.headers().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setHeader(REPLAYED_HEADER, "true");
		byte[] body = stored.body();
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static void exposeStatus(HttpServletRequest request, IdempotencyKeyStatus status) {
		request.setAttribute(IdempotencyKeyStatus.ATTRIBUTE, status);
		request.setAttribute(IdempotencyKeyStatus.SEEN_ATTRIBUTE, status.seen());
		if (status.previousResponse() != null) {
			request.setAttribute(IdempotencyKeyStatus.RESPONSE_ATTRIBUTE, status.previousResponse());
		}
	}

	private static Map<String, List<String>> headersOf(HttpServletResponse response) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : response.getHeaderNames()) {
			if (!UNSTORED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !headers.containsKey(name)) {
				headers.put(name, new ArrayList<>(response.getHeaders(name)));
			}
		}
		String contentType = response.getContentType();
		if (contentType != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
			headers.put("Content-Type", List.of(contentType));
		}
		return headers;
	}

	private static boolean isForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		return contentType != null && contentType.toLowerCase(Locale.ROOT)
			.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
	}

	private static byte[] formBody(HttpServletRequest request) {
		StringBuilder form = new StringBuilder();
		new TreeMap<>(request.getParameterMap()).forEach((name, values) -> {
			for (String value : values) {
				form.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
					.append('=')
					.append(URLEncoder.encode(value, StandardCharsets.UTF_8))
					.append('&');
			}
		});
		return form.toString().getBytes(StandardCharsets.UTF_8);
	}

}
