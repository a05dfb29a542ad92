package dev.webhooks.hooks;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The entity types hooks may name, with their attributes: in a JPA application, every entity of the metamodel by
 * its JPA entity name. Empty means unknown, and then any name is accepted.
 *
 * @param attributes attribute names by entity name
 */
public record EntityTypes(Map<String, Set<String>> attributes) {

	public EntityTypes {
		attributes = Map.copyOf(attributes);
	}

	/** Accepts any entity type and attribute: for applications without JPA, whose hooks only see custom events. */
	public static EntityTypes unchecked() {
		return new EntityTypes(Map.of());
	}

	public boolean isChecked() {
		return !this.attributes.isEmpty();
	}

	/** The known entity names, sorted, for error messages. */
	public Set<String> names() {
		return new TreeMap<>(this.attributes).keySet();
	}

}
