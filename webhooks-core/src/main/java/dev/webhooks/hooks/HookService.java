package dev.webhooks.hooks;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.webhooks.dispatch.TransportResponse;
import dev.webhooks.dispatch.WebhookRequest;
import dev.webhooks.dispatch.WebhookRequests;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.hooks.payload.HookPayloadException;
import dev.webhooks.message.MessageIds;
import dev.webhooks.signing.Ed25519SigningKey;
import dev.webhooks.signing.SigningKey;
import dev.webhooks.signing.SigningKeyPair;
import dev.webhooks.signing.WebhookSecret;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Manages hooks: the Java API behind the REST API and the admin pages. Every change is validated first (nothing is
 * stored when it fails), applies at once on this instance, and on the others within their refresh interval.
 * <pre>{@code
 * CreatedHook created = hooks.create(HookDefinition.builder("crm", "Customer", "https://crm.example.com/hooks")
 *     .events("created")
 *     .build());
 * String secretToGiveTheReceiver = created.secret();
 * }</pre>
 * The secret is returned in full only by {@link #create} and {@link #rotateSecret}; everywhere else it is masked.
 * Rotating a secret or signing key keeps the old one signing beside the new one for an overlap window, so receivers
 * that have not switched yet keep accepting; expired keys stop signing on their own and are not listed any more.
 */
public final class HookService {

	/** How long a rotated-out key keeps signing by default: a day, as Svix does. */
	public static final Duration DEFAULT_ROTATION_OVERLAP = Duration.ofHours(24);

	private final HookStore store;

	private final HookRegistry registry;

	private final HookValidator validator;

	private final HookDeliveries deliveries;

	private final Clock clock;

	private final @Nullable WebhookTransport transport;

	private final WebhookRequests requests;

	private final @Nullable HookReplay replay;

	private final Duration rotationOverlap;

	/**
	 * A service without replay whose rotations keep the old key signing for {@link #DEFAULT_ROTATION_OVERLAP}.
	 * @param transport sends test requests; {@code null} where this instance does not dispatch
	 * @param requests builds and signs test requests, as the dispatcher does its deliveries
	 */
	public HookService(HookStore store, HookRegistry registry, HookValidator validator, HookDeliveries deliveries,
			Clock clock, @Nullable WebhookTransport transport, WebhookRequests requests) {
		this(store, registry, validator, deliveries, clock, transport, requests, null);
	}

	/**
	 * @param transport sends test requests; {@code null} where this instance does not dispatch
	 * @param requests builds and signs test requests, as the dispatcher does its deliveries
	 * @param replay sends new hooks the logged events they would have matched; {@code null} without an event log
	 */
	public HookService(HookStore store, HookRegistry registry, HookValidator validator, HookDeliveries deliveries,
			Clock clock, @Nullable WebhookTransport transport, WebhookRequests requests,
			@Nullable HookReplay replay) {
		this(store, registry, validator, deliveries, clock, transport, requests, replay, DEFAULT_ROTATION_OVERLAP);
	}

	/**
	 * @param transport sends test requests; {@code null} where this instance does not dispatch
	 * @param requests builds and signs test requests, as the dispatcher does its deliveries
	 * @param replay sends new hooks the logged events they would have matched; {@code null} without an event log
	 * @param rotationOverlap how long a rotated-out secret or signing key keeps signing beside the new one
	 */
	public HookService(HookStore store, HookRegistry registry, HookValidator validator, HookDeliveries deliveries,
			Clock clock, @Nullable WebhookTransport transport, WebhookRequests requests,
			@Nullable HookReplay replay, Duration rotationOverlap) {
		if (rotationOverlap.isNegative()) {
			throw new IllegalArgumentException("rotationOverlap must not be negative, but is " + rotationOverlap);
		}
		this.rotationOverlap = rotationOverlap;
		this.store = store;
		this.registry = registry;
		this.validator = validator;
		this.deliveries = deliveries;
		this.clock = clock;
		this.transport = transport;
		this.requests = requests;
		this.replay = replay;
	}

	/**
	 * Creates a hook, generating its secret unless the definition gives one.
	 * @throws InvalidHookException naming every invalid field
	 */
	public CreatedHook create(HookDefinition definition) {
		return create(definition, null);
	}

	/**
	 * Creates a hook and sends it the logged events of the window that it would have matched, oldest first, as
	 * ordinary deliveries of the hook; they end where the hook starts firing on its own, at its creation.
	 * <pre>{@code
	 * CreatedHook created = hooks.create(definition, ReplayWindow.days(7));
	 * long queued = created.replay().scheduled();
	 * }</pre>
	 * @param replay the window of past events to send; {@code null} for none
	 * @throws InvalidHookException naming every invalid field, or the replay window when it is invalid, when the
	 * hook is disabled, or when this application keeps no event log; nothing is stored then
	 * @throws HookReplayException when the replay stopped part way; the hook is created
	 */
	public CreatedHook create(HookDefinition definition, @Nullable ReplayWindow replay) {
		Instant now = this.clock.instant();
		if (replay != null) {
			checkReplay(replay, definition, now);
		}
		HookDefinition valid = this.validator.validate(definition);
		checkNameFree(valid.name(), null);
		String secret = (valid.secret() != null) ? valid.secret() : WebhookSecret.generate();
		List<String> signatures = valid.signatures().isEmpty() ? Hook.DEFAULT_SIGNATURES : valid.signatures();
		Hook hook = toHook(UUID.randomUUID().toString(), valid, WebhookSecret.parse(secret), now, now,
				Boolean.TRUE.equals(valid.enabled()), signatures, signingKeyFor(signatures, null), List.of(),
				Boolean.TRUE.equals(valid.ordered()));
		checkCompiles(hook);
		this.store.insert(hook, secret);
		this.registry.refresh();
		if (replay == null || this.replay == null) {
			return new CreatedHook(hook, secret);
		}
		return new CreatedHook(hook, secret, this.replay.replay(hook, replay.start(now), now));
	}

	private void checkReplay(ReplayWindow replay, HookDefinition definition, Instant now) {
		replay.check(now);
		if (this.replay == null) {
			throw new InvalidHookException("replay", "this application keeps no event log to replay from; "
					+ "set webhooks.hooks.event-log.enabled=true (events are kept from then on)");
		}
		if (Boolean.FALSE.equals(definition.enabled())) {
			throw new InvalidHookException("replay", "a disabled hook is sent nothing; create it enabled to replay "
					+ "past events to it");
		}
	}

	/**
	 * Replaces a hook's definition. The secret stays unless the definition gives a new one, and so does the enabled
	 * flag unless the definition sets it; queued deliveries keep what they were created with. The limits
	 * ({@code maxConcurrency}, {@code rateLimit}, {@code burst}) are replaced like the rest: one left out goes back to
	 * the dispatcher's default. Lanes of this instance apply new limits at once, others' after their next refresh.
	 * @throws HookNotFoundException when there is no such hook
	 * @throws InvalidHookException naming every invalid field
	 */
	public Hook update(String id, HookDefinition definition) {
		Hook existing = get(id);
		HookDefinition valid = this.validator.validate(definition);
		checkNameFree(valid.name(), id);
		Instant now = this.clock.instant();
		WebhookSecret secret = (valid.secret() != null) ? WebhookSecret.parse(valid.secret()) : existing.secret();
		// an update that does not mention the flag leaves a disabled hook disabled
		boolean enabled = (definition.enabled() != null) ? definition.enabled() : existing.enabled();
		List<String> signatures = valid.signatures().isEmpty() ? existing.signatures() : valid.signatures();
		boolean ordered = (definition.ordered() != null) ? definition.ordered() : existing.ordered();
		Hook hook = toHook(id, valid, secret, existing.createdAt(), now, enabled, signatures,
				signingKeyFor(signatures, existing.signingKey()), existing.previousKeys(), ordered);
		checkCompiles(hook);
		if (!this.store.update(hook)) {
			throw new HookNotFoundException(id);
		}
		if (valid.secret() != null) {
			this.store.updateSecret(id, valid.secret(), now);
		}
		this.registry.refresh();
		return hook;
	}

	/** @throws HookNotFoundException when there is no such hook */
	public Hook enable(String id) {
		return setEnabled(id, true);
	}

	/** Stops the hook from firing; deliveries already queued are still sent. */
	public Hook disable(String id) {
		return setEnabled(id, false);
	}

	private Hook setEnabled(String id, boolean enabled) {
		if (!this.store.setEnabled(id, enabled, this.clock.instant())) {
			throw new HookNotFoundException(id);
		}
		this.registry.refresh();
		return get(id);
	}

	/**
	 * Deletes a hook. Its queued deliveries then fail as an unknown target, since nothing can sign them any more.
	 * @throws HookNotFoundException when there is no such hook
	 */
	public void delete(String id) {
		if (!this.store.delete(id)) {
			throw new HookNotFoundException(id);
		}
		this.registry.refresh();
	}

	/**
	 * Replaces the hook's secret with a new random one, the old one signing beside it for the
	 * {@linkplain #rotationOverlap() overlap window}; queued deliveries are signed with both.
	 * @return the new secret in full, to give to the receiver
	 * @throws HookNotFoundException when there is no such hook
	 */
	public String rotateSecret(String id) {
		return rotateSecret(id, this.rotationOverlap).key();
	}

	/**
	 * Replaces the hook's secret with a new random one, the old one signing beside it for {@code overlap}.
	 * @param overlap how long the old secret keeps signing; zero drops it at once (e.g. when it leaked)
	 * @return the new secret in full, to give to the receiver, and when the old one stops signing
	 * @throws HookNotFoundException when there is no such hook
	 * @throws IllegalArgumentException when the overlap is negative
	 */
	public KeyRotation rotateSecret(String id, Duration overlap) {
		String secret = WebhookSecret.generate();
		return new KeyRotation(secret, rotate(id, WebhookSecret.parse(secret), overlap));
	}

	/**
	 * Gives the hook a new ed25519 signing key for its {@code v1a} signatures, the old one (if any) signing beside it
	 * for {@code overlap}. The hook sends {@code v1a} only once its signature versions include it.
	 * @param overlap how long the old key keeps signing; zero drops it at once
	 * @return the new public key ({@code whpk_...}), to give to the receiver, and when the old key stops signing
	 * @throws HookNotFoundException when there is no such hook
	 * @throws IllegalArgumentException when the overlap is negative
	 */
	public KeyRotation rotateSigningKey(String id, Duration overlap) {
		boolean hadKey = get(id).signingKey() != null;
		Ed25519SigningKey key = Ed25519SigningKey.parse(SigningKeyPair.generate().secretKey());
		Instant previousSignsUntil = rotate(id, key, overlap);
		return new KeyRotation(key.publicKey().toString(), hadKey ? previousSignsUntil : null);
	}

	private @Nullable Instant rotate(String id, SigningKey key, Duration overlap) {
		if (overlap.isNegative()) {
			throw new IllegalArgumentException("the overlap must not be negative, but is " + overlap);
		}
		Instant now = this.clock.instant();
		Instant until = now.plus(overlap);
		if (!this.store.rotateKey(id, key, until, now)) {
			throw new HookNotFoundException(id);
		}
		this.registry.refresh();
		return overlap.isZero() ? null : until;
	}

	/** How long a rotated-out secret or signing key keeps signing beside the new one, unless a rotation says. */
	public Duration rotationOverlap() {
		return this.rotationOverlap;
	}

	/** Every hook, sorted by name, without its expired previous keys. */
	public List<Hook> list() {
		Instant now = this.clock.instant();
		return this.store.findAll().stream().map((hook) -> hook.withoutExpiredKeys(now)).toList();
	}

	public Optional<Hook> find(String id) {
		return this.store.findById(id).map((hook) -> hook.withoutExpiredKeys(this.clock.instant()));
	}

	/** @throws HookNotFoundException when there is no such hook */
	public Hook get(String id) {
		return find(id).orElseThrow(() -> new HookNotFoundException(id));
	}

	/**
	 * Renders the hook's payload for a sample instance and sends it at once, signed, outside the outbox: for
	 * checking a receiver while setting a hook up. The request is built as a delivery of the hook is (same headers,
	 * user agent and signature); the hook's match filter is not applied.
	 * @param sample the instance's fields (a map or any object the JSON mapper can write); empty when {@code null}
	 * @param event the event to render; the hook's first event when {@code null}
	 * @throws HookNotFoundException when there is no such hook
	 * @throws TestSendUnavailableException when this instance has no transport (dispatch disabled)
	 * @throws InvalidHookException when the stored hook no longer passes validation, e.g. a header value saved by an
	 * earlier version that cannot be sent; nothing is sent
	 */
	public TestSendResult testSend(String id, @Nullable Object sample, @Nullable String event) {
		Hook hook = get(id);
		WebhookTransport transport = this.transport;
		if (transport == null) {
			throw new TestSendUnavailableException("test sends need the dispatcher's HTTP transport; this instance has none "
					+ "(webhooks.dispatch.enabled=false)");
		}
		ActiveHook active = ActiveHook.compile(hook);
		Instant now = this.clock.instant();
		HookEvent hookEvent = sampleEvent(hook, sample, event);
		String payload;
		try {
			payload = this.deliveries.render(active, hookEvent, now);
		}
		catch (HookPayloadException ex) {
			return new TestSendResult(null, null, null, ex.getMessage());
		}
		// the headers a delivery of this hook is queued with; a hook's endpoint adds none
		WebhookRequest request = this.requests.create(hook.httpMethod(), hook.url(), active.headers(), Map.of(),
				payload, MessageIds.next(now), active.signingKeysAt(now));
		try {
			TransportResponse response = transport.send(request);
			return new TestSendResult(payload, response.statusCode(), response.bodyExcerpt(), null);
		}
		catch (IOException ex) {
			return new TestSendResult(payload, null, null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	// an event of the hook's entity type whose instance is the sample: what test sends and previews render
	private HookEvent sampleEvent(Hook hook, @Nullable Object sample, @Nullable String event) {
		JsonNode instance = (sample != null) ? this.deliveries.jsonMapper().valueToTree(sample)
				: JsonNodeFactory.instance.objectNode();
		return HookEvent.of(hook.entityType(), (event != null) ? event : hook.events().get(0), instance.get("id"),
				sample, instance, null);
	}

	private void checkNameFree(String name, @Nullable String ownId) {
		this.store.findByName(name).ifPresent((other) -> {
			if (!other.id().equals(ownId)) {
				throw new InvalidHookException("name", "'" + name + "' is already used by another hook");
			}
		});
	}

	// the validator has parsed every part already; this only guards against the two drifting apart
	private static void checkCompiles(Hook hook) {
		ActiveHook.compile(hook);
	}

	// a hook sending v1a needs a key: its own, or a new one the first time
	private static @Nullable Ed25519SigningKey signingKeyFor(List<String> signatures,
			@Nullable Ed25519SigningKey existing) {
		if (existing != null || !signatures.contains("v1a")) {
			return existing;
		}
		return Ed25519SigningKey.parse(SigningKeyPair.generate().secretKey());
	}

	private static Hook toHook(String id, HookDefinition valid, WebhookSecret secret, Instant createdAt,
			Instant updatedAt, boolean enabled, List<String> signatures, @Nullable Ed25519SigningKey signingKey,
			List<PreviousKey> previousKeys, boolean ordered) {
		return new Hook(id, valid.name(), valid.entityType(), valid.events(), valid.url(), valid.httpMethod(),
				valid.headers(), valid.contentType(), valid.template(), valid.serializer(), valid.include(),
				valid.exclude(), valid.match(), enabled, secret, createdAt, updatedAt, signatures, signingKey,
				previousKeys, ordered, valid.maxConcurrency(), valid.rateLimit(), valid.burst());
	}

	/**
	 * Renders what a definition, saved or not, would send for a sample instance, without storing or sending
	 * anything. The match filter is evaluated and reported, not applied.
	 * @param sample the instance's fields (a map or any object the JSON mapper can write); empty when {@code null}
	 * @param event the event to render; the definition's first event when {@code null}
	 * @throws InvalidHookException naming every invalid field, exactly as {@link #create} would
	 */
	public HookPreview preview(HookDefinition definition, @Nullable Object sample, @Nullable String event) {
		HookDefinition valid = this.validator.validate(definition);
		Instant now = this.clock.instant();
		Hook hook = toHook("preview", valid, WebhookSecret.parse(WebhookSecret.generate()), now, now, true,
				Hook.DEFAULT_SIGNATURES, null, List.of(), Boolean.TRUE.equals(valid.ordered()));
		ActiveHook active = ActiveHook.compile(hook);
		HookEvent hookEvent = sampleEvent(hook, sample, event);
		boolean matches = active.firesOn(hookEvent);
		try {
			return new HookPreview(this.deliveries.render(active, hookEvent, now), matches, null);
		}
		catch (HookPayloadException ex) {
			return new HookPreview(null, matches, ex.getMessage());
		}
	}

	/**
	 * The result of a rotation.
	 *
	 * @param key what to give the receiver: the new secret in full ({@code whsec_...}), or the new public key
	 * ({@code whpk_...}) of a new signing key
	 * @param previousSignsUntil when the old secret or key stops signing, or {@code null} when it stopped at once
	 * (or there was none)
	 */
	public record KeyRotation(String key, @Nullable Instant previousSignsUntil) {

		@Override
		public String toString() {
			return "KeyRotation[key=" + this.key.substring(0, Math.min(10, this.key.length())) + "…, previousSignsUntil="
					+ this.previousSignsUntil + "]";
		}

	}

	/** Test sends are not possible on this instance, since it has no HTTP transport. */
	public static final class TestSendUnavailableException extends IllegalStateException {

		TestSendUnavailableException(String message) {
			super(message);
		}

	}

}
