package dev.webhooks.hooks;

import java.io.IOException;
import java.time.Clock;
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
 */
public final class HookService {

	private final HookStore store;

	private final HookRegistry registry;

	private final HookValidator validator;

	private final HookDeliveries deliveries;

	private final Clock clock;

	private final @Nullable WebhookTransport transport;

	private final WebhookRequests requests;

	/**
	 * @param transport sends test requests; {@code null} where this instance does not dispatch
	 * @param requests builds and signs test requests, as the dispatcher does its deliveries
	 */
	public HookService(HookStore store, HookRegistry registry, HookValidator validator, HookDeliveries deliveries,
			Clock clock, @Nullable WebhookTransport transport, WebhookRequests requests) {
		this.store = store;
		this.registry = registry;
		this.validator = validator;
		this.deliveries = deliveries;
		this.clock = clock;
		this.transport = transport;
		this.requests = requests;
	}

	/**
	 * Creates a hook, generating its secret unless the definition gives one.
	 * @throws InvalidHookException naming every invalid field
	 */
	public CreatedHook create(HookDefinition definition) {
		HookDefinition valid = this.validator.validate(definition);
		checkNameFree(valid.name(), null);
		String secret = (valid.secret() != null) ? valid.secret() : WebhookSecret.generate();
		Instant now = this.clock.instant();
		Hook hook = toHook(UUID.randomUUID().toString(), valid, WebhookSecret.parse(secret), now, now,
				Boolean.TRUE.equals(valid.enabled()), Boolean.TRUE.equals(valid.ordered()));
		checkCompiles(hook);
		this.store.insert(hook, secret);
		this.registry.refresh();
		return new CreatedHook(hook, secret);
	}

	/**
	 * Replaces a hook's definition. The secret stays unless the definition gives a new one, and so does the enabled
	 * flag unless the definition sets it; queued deliveries keep what they were created with.
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
		boolean ordered = (definition.ordered() != null) ? definition.ordered() : existing.ordered();
		Hook hook = toHook(id, valid, secret, existing.createdAt(), now, enabled, ordered);
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
	 * Replaces the hook's secret with a new random one; queued deliveries are signed with the new one.
	 * @return the new secret in full, to give to the receiver
	 */
	public String rotateSecret(String id) {
		String secret = WebhookSecret.generate();
		if (!this.store.updateSecret(id, secret, this.clock.instant())) {
			throw new HookNotFoundException(id);
		}
		this.registry.refresh();
		return secret;
	}

	/** Every hook, sorted by name. */
	public List<Hook> list() {
		return this.store.findAll();
	}

	public Optional<Hook> find(String id) {
		return this.store.findById(id);
	}

	/** @throws HookNotFoundException when there is no such hook */
	public Hook get(String id) {
		return this.store.findById(id).orElseThrow(() -> new HookNotFoundException(id));
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
				payload, MessageIds.next(now), active.secrets());
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

	private static Hook toHook(String id, HookDefinition valid, WebhookSecret secret, Instant createdAt,
			Instant updatedAt, boolean enabled, boolean ordered) {
		return new Hook(id, valid.name(), valid.entityType(), valid.events(), valid.url(), valid.httpMethod(),
				valid.headers(), valid.contentType(), valid.template(), valid.serializer(), valid.include(),
				valid.exclude(), valid.match(), enabled, secret, createdAt, updatedAt, ordered);
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
				Boolean.TRUE.equals(valid.ordered()));
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

	/** Test sends are not possible on this instance, since it has no HTTP transport. */
	public static final class TestSendUnavailableException extends IllegalStateException {

		TestSendUnavailableException(String message) {
			super(message);
		}

	}

}
