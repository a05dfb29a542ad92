package dev.webhooks.capture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One captured insert, update or delete: what every {@link ChangeSink} of the change receives. The state is taken
 * once, when the change is flushed; sinks that send fewer attributes select them with an {@link AttributeFilter}.
 *
 * @param entity the entity's class and name
 * @param change created, updated or deleted
 * @param id the entity's id
 * @param instance the entity instance (for a delete, the instance that was removed)
 * @param state the flushed state: the id first under its attribute name, then every attribute in mapping order;
 * to-one associations as their ids, embeddables whole, to-many collections left out
 * @param changed for an update, the attributes it changed; {@code null} when unknown (or not an update)
 */
public record EntityChange(CapturedEntity entity, ChangeType change, Object id, @Nullable Object instance,
		Map<String, @Nullable Object> state, @Nullable Set<String> changed) {

	public EntityChange {
		state = Collections.unmodifiableMap(state);
	}

	/** The JPA entity name. */
	public String entityType() {
		return this.entity.name();
	}

	/** The event type, {@code <topic>.<event>}, e.g. {@code customers.created}. */
	public String type() {
		return this.entity.topic() + "." + this.change.event();
	}

	/**
	 * Whether the change shows a sink using the filter anything new: an update that only touched attributes the
	 * filter leaves out does not. Inserts and deletes always do, and so does an update without dirty-checking data.
	 */
	public boolean changesAny(AttributeFilter attributes) {
		if (this.changed == null) {
			return true;
		}
		for (String name : this.changed) {
			if (attributes.includes(name)) {
				return true;
			}
		}
		return false;
	}

	/** The state limited to the attributes the filter sends, the id always first. */
	public Map<String, @Nullable Object> state(AttributeFilter attributes) {
		if (attributes.isAll()) {
			return this.state;
		}
		Map<String, @Nullable Object> selected = new LinkedHashMap<>();
		this.state.forEach((name, value) -> {
			if (name.equals(this.entity.idName()) || attributes.includes(name)) {
				selected.put(name, value);
			}
		});
		return Collections.unmodifiableMap(selected);
	}

}
