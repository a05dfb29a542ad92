package dev.webhooks.hooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.capture.DeliveryFactory;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.hooks.payload.HookPayloadException;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.message.EnvelopeCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an event into one outbox delivery per hook that fires on it, each with a snapshot of the hook's URL,
 * method, headers and rendered payload. Used by entity capture and by the publisher for custom events.
 */
public final class HookDeliveries {

	private final HookRegistry registry;

	private final HookPayloadSerializers serializers;

	private final JsonMapper jsonMapper;

	private final EnvelopeCodec codec;

	private final String source;

	private final CaptureFailurePolicy failurePolicy;

	/**
	 * @param source this application's id, the envelope's {@code source}
	 */
	public HookDeliveries(HookRegistry registry, HookPayloadSerializers serializers, JsonMapper jsonMapper,
			String source) {
		this(registry, serializers, jsonMapper, source, CaptureFailurePolicy.FAIL_TRANSACTION);
	}

	/**
	 * @param source this application's id, the envelope's {@code source}
	 * @param failurePolicy what a payload that cannot be rendered does: fail the caller's transaction, or become a
	 * {@code FAILED} delivery of that hook carrying the reason, while the other hooks' deliveries go out as usual
	 */
	public HookDeliveries(HookRegistry registry, HookPayloadSerializers serializers, JsonMapper jsonMapper,
			String source, CaptureFailurePolicy failurePolicy) {
		this.registry = registry;
		this.serializers = serializers;
		this.jsonMapper = jsonMapper;
		this.codec = new EnvelopeCodec(jsonMapper);
		this.source = source;
		this.failurePolicy = failurePolicy;
	}

	/** Whether any enabled hook listens to the entity type: the only work done for entities without hooks. */
	public boolean hasHooks(String entityType) {
		return this.registry.hasHooks(entityType);
	}

	/**
	 * The deliveries of the hooks that fire on the event; none when no hook does.
	 * @throws HookPayloadException when a payload cannot be rendered and the failure policy is to fail the
	 * transaction
	 */
	public List<NewDelivery> deliveries(HookEvent event, Instant now) {
		List<ActiveHook> hooks = this.registry.forEntity(event.entityType());
		if (hooks.isEmpty()) {
			return List.of();
		}
		List<NewDelivery> deliveries = new ArrayList<>(hooks.size());
		String entityId = null;
		for (ActiveHook active : hooks) {
			if (!active.firesOn(event)) {
				continue;
			}
			if (entityId == null && event.entityId() != null) {
				entityId = DeliveryFactory.idText(this.jsonMapper.valueToTree(event.entityId()));
			}
			Hook hook = active.hook();
			String payload;
			String failure = null;
			try {
				payload = render(active, event, now);
			}
			catch (HookPayloadException ex) {
				if (this.failurePolicy == CaptureFailurePolicy.FAIL_TRANSACTION) {
					throw ex;
				}
				payload = "";
				failure = ex.getMessage();
			}
			NewDelivery delivery = DeliveryFactory.create(hook.target(), hook.url(), hook.httpMethod(),
					active.headers(), event.type(), event.entityType(), entityId, payload, now, failure);
			// a hook's lanes are its entities; an event without an entity id has no lane to keep
			deliveries.add((hook.ordered() && entityId != null)
					? delivery.withOrderingKey(DeliveryFactory.entityOrderingKey(event.entityType(), entityId))
					: delivery);
		}
		return deliveries;
	}

	/** Renders one hook's payload, for test sends. */
	String render(ActiveHook hook, HookEvent event, Instant now) {
		return hook.render(event, now, this.source, this.serializers, this.codec, this.jsonMapper);
	}

	JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

}
