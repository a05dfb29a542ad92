package dev.webhooks.capture;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What one entity class sends to peer servers, read from its {@link HttpReceiver}.
 *
 * @param topic the topic its messages carry, which a {@code @WebhookHandler} on the receiving side is registered for
 * @param servers the target server ids; empty for the default servers
 * @param events the changes that are sent
 * @param attributes the attributes that are sent
 * @param ordered whether each entity's changes reach each server in order ({@link HttpReceiver#ordered()})
 */
public record CapturePlan(String topic, List<String> servers, Set<ChangeType> events, AttributeFilter attributes,
		boolean ordered) {

	public CapturePlan {
		servers = List.copyOf(servers);
		events = Set.copyOf(events);
	}

	/** A plan whose changes are sent in no guaranteed order. */
	public CapturePlan(String topic, List<String> servers, Set<ChangeType> events, AttributeFilter attributes) {
		this(topic, servers, events, attributes, false);
	}

	/** The plan of an annotated class, or {@code null} when the class has no {@link HttpReceiver}. */
	public static @Nullable CapturePlan of(Class<?> entityClass) {
		HttpReceiver annotation = entityClass.getAnnotation(HttpReceiver.class);
		if (annotation == null) {
			return null;
		}
		if (annotation.value().isBlank()) {
			throw new IllegalStateException("@HttpReceiver on " + entityClass.getName() + " has an empty topic");
		}
		Set<ChangeType> events = EnumSet.noneOf(ChangeType.class);
		events.addAll(List.of(annotation.events()));
		return new CapturePlan(annotation.value(), List.of(annotation.servers()), events,
				AttributeFilter.of(annotation.include(), annotation.exclude()), annotation.ordered());
	}

	public boolean captures(ChangeType change) {
		return this.events.contains(change);
	}

	/** The event type of a change, e.g. {@code customers.updated}. */
	public String type(ChangeType change) {
		return this.topic + "." + change.event();
	}

}
