package dev.webhooks.spring.hooks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import dev.webhooks.hooks.CreatedHook;
import dev.webhooks.hooks.Hook;
import dev.webhooks.hooks.HookDefinition;
import dev.webhooks.hooks.HookNotFoundException;
import dev.webhooks.hooks.HookReplayException;
import dev.webhooks.hooks.HookService;
import dev.webhooks.hooks.InvalidHookException;
import dev.webhooks.hooks.ReplayWindow;
import dev.webhooks.hooks.TestSendResult;
import dev.webhooks.signing.SigningKeyPair;
import dev.webhooks.spring.security.WebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccessDeniedException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The hooks REST API under {@code webhooks.hooks.api.path}: JSON in and out, errors as RFC 9457 problem details
 * with an {@code errors} list of {@code {field, message}} for invalid definitions. Every request passes the
 * shared {@link WebhooksAccess} check first, for {@link WebhooksAccess.Action#MANAGE_HOOKS}. Described in OpenAPI by
 * {@link HooksApiDocumentation}: a new endpoint, parameter or answer field needs its description there.
 */
@RestController
// problem+json too, so that a client accepting only problem details is answered rather than refused with 406
@RequestMapping(path = "${webhooks.hooks.api.path:/webhooks/api/hooks}",
		produces = { "application/json", "application/problem+json" })
public class HooksController {

	/** The problem type URIs this API answers with, documented in docs/hooks.md. */
	static final String TYPE_BASE = "https://webhooks.dev/problems/hooks-";

	private final HookService hooks;

	private final WebhooksAccess access;

	private final Clock clock;

	public HooksController(HookService hooks, WebhooksAccess access) {
		this(hooks, access, Clock.systemUTC());
	}

	/** @param clock the time a replay's {@code replaySince} must not be after */
	public HooksController(HookService hooks, WebhooksAccess access, Clock clock) {
		this.hooks = hooks;
		this.access = access;
		this.clock = clock;
	}

	// runs before every handler of this controller
	@ModelAttribute
	void checkAccess(HttpServletRequest request) {
		this.access.check(request, WebhooksAccess.Action.MANAGE_HOOKS);
	}

	@GetMapping
	List<HookResponse> list() {
		return this.hooks.list().stream().map(HookResponse::of).toList();
	}

	/**
	 * Creates a hook; with {@code replayDays} or {@code replaySince} (an ISO-8601 instant) it is also sent the logged
	 * events of that window it would have matched, and the answer says how many were scheduled.
	 */
	@PostMapping(consumes = "application/json")
	ResponseEntity<HookResponse> create(@RequestBody HookDefinition definition,
			@RequestParam(required = false) @Nullable String replayDays,
			@RequestParam(required = false) @Nullable String replaySince) {
		ReplayWindow replay = ReplayWindow.parse(replayDays, replaySince, this.clock.instant());
		CreatedHook created = this.hooks.create(definition, replay);
		URI location = ServletUriComponentsBuilder.fromCurrentRequest()
			.path("/{id}")
			.buildAndExpand(created.hook().id())
			.toUri();
		return ResponseEntity.created(location)
			.body(HookResponse.of(created.hook(), created.secret()).withReplay(created.replay()));
	}

	@GetMapping("/{id}")
	HookResponse get(@PathVariable String id) {
		return HookResponse.of(this.hooks.get(id));
	}

	@PutMapping(path = "/{id}", consumes = "application/json")
	HookResponse update(@PathVariable String id, @RequestBody HookDefinition definition) {
		return HookResponse.of(this.hooks.update(id, definition));
	}

	@PostMapping("/{id}/enable")
	HookResponse enable(@PathVariable String id) {
		return HookResponse.of(this.hooks.enable(id));
	}

	@PostMapping("/{id}/disable")
	HookResponse disable(@PathVariable String id) {
		return HookResponse.of(this.hooks.disable(id));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.hooks.delete(id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * A new secret; the old one keeps signing for {@code overlap} (ISO-8601, e.g. {@code PT1H}; zero drops it at
	 * once), by default {@code webhooks.hooks.rotation-overlap}.
	 */
	@PostMapping("/{id}/rotate-secret")
	SecretRotationResponse rotateSecret(@PathVariable String id, @RequestParam(required = false) @Nullable String overlap) {
		HookService.KeyRotation rotation = this.hooks.rotateSecret(id, overlap(overlap));
		return new SecretRotationResponse(rotation.key(), rotation.previousSignsUntil());
	}

	/**
	 * A new ed25519 signing key for {@code v1a} signatures; the old one (if any) keeps signing for {@code overlap}.
	 * Answers the public key to give the receiver.
	 */
	@PostMapping("/{id}/rotate-signing-key")
	SigningKeyRotationResponse rotateSigningKey(@PathVariable String id,
			@RequestParam(required = false) @Nullable String overlap) {
		HookService.KeyRotation rotation = this.hooks.rotateSigningKey(id, overlap(overlap));
		return new SigningKeyRotationResponse(rotation.key(), rotation.previousSignsUntil());
	}

	/** The public key that verifies the hook's {@code v1a} signatures; 404 while it has no signing key. */
	@GetMapping("/{id}/public-key")
	PublicKeyResponse publicKey(@PathVariable String id) {
		Hook hook = this.hooks.get(id);
		if (hook.publicKey() == null) {
			throw new NoSigningKeyException("hook '" + hook.name() + "' has no signing key yet: POST " + id
					+ "/rotate-signing-key makes one");
		}
		return new PublicKeyResponse(hook.publicKey().toString());
	}

	/**
	 * A new ed25519 key pair, stored nowhere: for {@code webhooks.servers.<id>.signing-key} and the receiver's
	 * {@code public-key}.
	 */
	@PostMapping("/signing-keys")
	SigningKeyPairResponse generateSigningKey() {
		SigningKeyPair pair = SigningKeyPair.generate();
		return new SigningKeyPairResponse(pair.secretKey(), pair.publicKey());
	}

	private Duration overlap(@Nullable String overlap) {
		if (overlap == null || overlap.isBlank()) {
			return this.hooks.rotationOverlap();
		}
		Duration parsed;
		try {
			parsed = Duration.parse(overlap.strip());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidHookException("overlap", "'" + overlap + "' is not an ISO-8601 duration such as PT1H");
		}
		if (parsed.isNegative()) {
			throw new InvalidHookException("overlap", "'" + overlap + "' must not be negative");
		}
		return parsed;
	}

	@PostMapping("/{id}/test")
	TestSendResult testSend(@PathVariable String id, @RequestBody(required = false) @Nullable TestSendRequest request) {
		return this.hooks.testSend(id, (request != null) ? request.sample() : null,
				(request != null) ? request.event() : null);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidHook(InvalidHookException ex, HttpServletRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid", "Invalid hook", ex.getMessage(), request);
		problem.setProperty("errors", ex.errors()
			.stream()
			.map((error) -> Map.of("field", error.field(), "message", error.message()))
			.toList());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> replayFailed(HookReplayException ex, HttpServletRequest request) {
		ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "replay-failed", "Replay stopped",
				ex.getMessage(), request);
		problem.setProperty("scheduled", ex.scheduled());
		return ResponseEntity.internalServerError().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(HookNotFoundException ex, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(problem(HttpStatus.NOT_FOUND, "not-found", "No such hook", ex.getMessage(), request));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> noSigningKey(NoSigningKeyException ex, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(problem(HttpStatus.NOT_FOUND, "no-signing-key", "No signing key", ex.getMessage(), request));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "unreadable", "Unreadable request",
					"the body is not a JSON hook definition: " + ex.getMostSpecificCause().getMessage(), request));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> denied(WebhooksAccessDeniedException ex, HttpServletRequest request) {
		HttpStatus status = ex.isAuthenticated() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
		return ResponseEntity.status(status)
			.body(problem(status, ex.isAuthenticated() ? "forbidden" : "unauthorized",
					ex.isAuthenticated() ? "Forbidden" : "Unauthorized", ex.getMessage(), request));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unavailable(HookService.TestSendUnavailableException ex, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(problem(HttpStatus.CONFLICT, "unavailable", "Not possible here", ex.getMessage(), request));
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, @Nullable String detail,
			HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		return problem;
	}

	/**
	 * The body of a test send.
	 *
	 * @param sample the instance's fields to render the payload with
	 * @param event the event to render; the hook's first one when not given
	 */
	public record TestSendRequest(@Nullable Map<String, Object> sample, @Nullable String event) {

	}

	/**
	 * The answer to a secret rotation.
	 *
	 * @param secret the new secret in full ({@code whsec_...}); the only time it is shown
	 * @param previousSignsUntil when the replaced secret stops signing; null when it was dropped at once
	 */
	public record SecretRotationResponse(String secret, @Nullable Instant previousSignsUntil) {

	}

	/**
	 * The answer to a signing key rotation.
	 *
	 * @param publicKey the new public key ({@code whpk_...}) to give the receiver
	 * @param previousSignsUntil when the replaced signing key stops signing; null when there was none or it was
	 * dropped at once
	 */
	public record SigningKeyRotationResponse(String publicKey, @Nullable Instant previousSignsUntil) {

	}

	/**
	 * The key that verifies a hook's {@code v1a} signatures.
	 *
	 * @param publicKey the ed25519 public key, {@code whpk_...}
	 */
	public record PublicKeyResponse(String publicKey) {

	}

	/**
	 * A new ed25519 key pair, stored nowhere.
	 *
	 * @param secretKey the signing key ({@code whsk_...}), for {@code webhooks.servers.<id>.signing-key}
	 * @param publicKey the public key ({@code whpk_...}), for the receiver
	 */
	public record SigningKeyPairResponse(String secretKey, String publicKey) {

	}

	/** A hook without a signing key was asked for its public key. */
	static final class NoSigningKeyException extends RuntimeException {

		NoSigningKeyException(String message) {
			super(message);
		}

	}

}
