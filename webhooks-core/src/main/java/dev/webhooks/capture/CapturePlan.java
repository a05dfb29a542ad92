package dev.webhooks.capture;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What one entity class sends, read from its {@link HttpReceiver}.
 *
 * @param receiver the handler name on the receiving side
 * @param servers the target server ids; empty for the default servers
 * @param events the changes that are sent
 * @param include the only attributes sent, when not empty
 * @param exclude the attributes never sent
 */
public record CapturePlan(String receiver, List<String> servers, Set<ChangeType> events, Set<String> include,
		Set<String> exclude) {

	public CapturePlan {
		servers = List.copyOf(servers);
		events = Set.copyOf(events);
		include = Set.copyOf(include);
		exclude = Set.copyOf(exclude);
	}

	/** The plan of an annotated class, or {@code null} when the class has no {@link HttpReceiver}. */
	public static @Nullable CapturePlan of(Class<?> entityClass) {
		HttpReceiver annotation = entityClass.getAnnotation(HttpReceiver.class);
		if (annotation == null) {
			return null;
		}
		if (annotation.value().isBlank()) {
			throw new IllegalStateException("@HttpReceiver on " + entityClass.getName() + " has an empty name");
		}
		Set<ChangeType> events = EnumSet.noneOf(ChangeType.class);
		events.addAll(List.of(annotation.events()));
		return new CapturePlan(annotation.value(), List.of(annotation.servers()), events,
				Set.of(annotation.include()), Set.of(annotation.exclude()));
	}

	public boolean captures(ChangeType change) {
		return this.events.contains(change);
	}

	/** Whether an attribute is part of the payload. */
	public boolean sends(String attribute) {
		return !this.exclude.contains(attribute) && (this.include.isEmpty() || this.include.contains(attribute));
	}

	/** The event type of a change, e.g. {@code customers.updated}. */
	public String type(ChangeType change) {
		return this.receiver + "." + change.event();
	}

}
