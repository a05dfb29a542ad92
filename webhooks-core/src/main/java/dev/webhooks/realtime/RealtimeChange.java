package dev.webhooks.realtime;

import java.util.Map;

import dev.webhooks.capture.ChangeType;

/**
 * One committed-to-be change of a {@link RealtimeChannels} entity, as resolvers and serializers see it.
 *
 * @param entity the entity instance (for a delete, the instance that was removed)
 * @param entityName the JPA entity name, e.g. {@code Invoice}
 * @param id the entity's id
 * @param change created, updated or deleted
 * @param state the pushed attributes (include/exclude applied), the id first; to-one associations as their ids
 */
public record RealtimeChange(Object entity, String entityName, Object id, ChangeType change,
		Map<String, Object> state) {

	public RealtimeChange {
		state = java.util.Collections.unmodifiableMap(state);
	}

}
