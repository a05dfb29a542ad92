package dev.webhooks.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Target;
import dev.webhooks.publish.OutgoingMessage;
import dev.webhooks.publish.WebhookPublisher;

/**
 * Sends each operational event as a webhook to one configured server, through the outbox like every other message:
 * signed with that server's secret, retried, and visible in the admin pages. The types and field names follow Svix's
 * operational webhooks where one fits ({@code endpoint.disabled} with {@code endpointId} and {@code trigger},
 * {@code message.attempt.exhausted} with {@code msgId} and {@code lastAttempt}). Events about the operational server
 * itself are not sent to it, so that a failing operational target cannot feed itself.
 */
public final class OperationalWebhooks implements OperationalEventListener {

	private static final Logger logger = LoggerFactory.getLogger(OperationalWebhooks.class);

	private final WebhookPublisher publisher;

	private final String serverId;

	/**
	 * @param publisher writes the messages to the outbox
	 * @param serverId the configured server ({@code webhooks.servers.<id>}) that receives them
	 */
	public OperationalWebhooks(WebhookPublisher publisher, String serverId) {
		this.publisher = Objects.requireNonNull(publisher, "publisher");
		this.serverId = Objects.requireNonNull(serverId, "serverId");
	}

	@Override
	public void onEvent(OperationalEvent event) {
		if (event.target().equals(Target.server(this.serverId))) {
			return;
		}
		try {
			this.publisher.publish(OutgoingMessage.of(event.type(), payload(event)).servers(this.serverId));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write the operational webhook {} for target '{}' to server '{}'", event.type(),
					event.target(), this.serverId, ex);
		}
	}

	/** The {@code data} of an event's webhook. */
	public static Map<String, Object> payload(OperationalEvent event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("endpointId", event.target().value());
		if (event instanceof TargetDisabled disabled) {
				data.put("trigger", (disabled.reason() == TargetDisabled.Reason.OPERATOR) ? "manual" : "automatic");
				data.put("reason", disabled.reason().value());
				data.put("disabledAt", disabled.occurredAt().toString());
		}
		else if (event instanceof TargetEnabled enabled) {
				data.put("deliveriesDue", enabled.deliveriesDue());
				data.put("enabledAt", enabled.occurredAt().toString());
		}
		else if (event instanceof CircuitOpened opened) {
				data.put("failureRate", opened.failureRate());
				data.put("probeAt", opened.probeAt().toString());
				data.put("instance", opened.instance());
				data.put("openedAt", opened.occurredAt().toString());
		}
		else if (event instanceof CircuitClosed closed) {
				data.put("instance", closed.instance());
				data.put("closedAt", closed.occurredAt().toString());
		}
		else if (event instanceof DeliveryExhausted exhausted) {
				data.put("msgId", exhausted.deliveryId());
				data.put("eventType", exhausted.eventType());
				data.put("attempts", exhausted.attempts());
				Map<String, Object> lastAttempt = new LinkedHashMap<>();
				lastAttempt.put("responseStatusCode", exhausted.lastStatusCode());
				lastAttempt.put("error", exhausted.lastError());
				lastAttempt.put("timestamp", exhausted.occurredAt().toString());
				data.put("lastAttempt", lastAttempt);
		}
		return data;
	}

}
