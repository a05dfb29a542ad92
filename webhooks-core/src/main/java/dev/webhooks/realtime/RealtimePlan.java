package dev.webhooks.realtime;

import java.beans.Introspector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.webhooks.capture.AttributeFilter;
import dev.webhooks.capture.ChangeType;
import org.jspecify.annotations.Nullable;

/**
 * What one entity class pushes, read from its {@link RealtimeChannels}.
 *
 * @param event the event name prefix, e.g. {@code invoice}
 * @param channels the channel templates, access prefixes applied
 * @param events the changes that are pushed
 * @param attributes the attributes pushed
 * @param excludeOrigin whether the originating connection is left out
 */
public record RealtimePlan(String event, List<ChannelTemplate> channels, Set<ChangeType> events,
		AttributeFilter attributes, boolean excludeOrigin) {

	public RealtimePlan {
		channels = List.copyOf(channels);
		events = Set.copyOf(events);
	}

	/**
	 * The plan of an annotated class, or {@code null} when the class has no {@link RealtimeChannels}.
	 * @param entityName the JPA entity name, the default event prefix
	 * @throws IllegalStateException naming the class when a template is invalid
	 */
	public static @Nullable RealtimePlan of(Class<?> entityClass, String entityName) {
		RealtimeChannels annotation = entityClass.getAnnotation(RealtimeChannels.class);
		if (annotation == null) {
			return null;
		}
		List<ChannelTemplate> channels = new ArrayList<>();
		for (String template : annotation.value()) {
			try {
				channels.add(ChannelTemplate.parse(annotation.access().apply(template.trim())));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("@RealtimeChannels on " + entityClass.getName() + ": " + ex.getMessage(),
						ex);
			}
		}
		String event = annotation.event().isBlank() ? Introspector.decapitalize(entityName) : annotation.event().trim();
		Set<ChangeType> events = EnumSet.noneOf(ChangeType.class);
		events.addAll(List.of(annotation.events()));
		return new RealtimePlan(event, channels, events, AttributeFilter.of(annotation.include(), annotation.exclude()),
				annotation.excludeOrigin());
	}

	/**
	 * Checks that every attribute the plan names exists.
	 * @throws IllegalStateException naming the class, the attribute and the attributes there are
	 */
	public void validate(Class<?> entityClass, Collection<String> attributes, String idName) {
		Set<String> known = new TreeSet<>(attributes);
		known.add(idName);
		String where = "@RealtimeChannels on " + entityClass.getName();
		for (ChannelTemplate channel : this.channels) {
			for (String attribute : channel.attributes()) {
				if (!known.contains(attribute)) {
					throw new IllegalStateException(where + ": channel '" + channel + "' names '" + attribute
							+ "', which is not an attribute of the entity (attributes: " + String.join(", ", known) + ")");
				}
				if (!this.attributes.includes(attribute) && !attribute.equals(idName)) {
					throw new IllegalStateException(where + ": channel '" + channel + "' names '" + attribute
							+ "', which include/exclude leaves out of the pushed data");
				}
			}
		}
		for (String name : this.attributes.include()) {
			requireKnown(where, "include", name, known);
		}
		for (String name : this.attributes.exclude()) {
			requireKnown(where, "exclude", name, known);
		}
	}

	private static void requireKnown(String where, String attribute, String name, Set<String> known) {
		if (!known.contains(name)) {
			throw new IllegalStateException(where + ": " + attribute + " names '" + name + "', which is not an attribute "
					+ "of the entity (attributes: " + String.join(", ", known) + ")");
		}
	}

	public boolean pushes(ChangeType change) {
		return this.events.contains(change);
	}

	/** The event name of a change, e.g. {@code invoice.updated}. */
	public String eventName(ChangeType change) {
		return this.event + "." + change.event();
	}

}
