package dev.webhooks.capture.hibernate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;

/**
 * Turns the state Hibernate flushed for an entity into plain data, the same way for every consumer of captured
 * changes: the id first, then the attributes in mapping order; to-one associations become their ids, embeddables
 * stay whole, to-many collections are left out (they would need loading during the flush).
 */
public final class EntityStateSnapshots {

	private EntityStateSnapshots() {
	}

	/**
	 * @param sends which attributes are part of the snapshot
	 * @return a new mutable map of attribute name to value, the id under the identifier's name
	 */
	public static Map<String, Object> snapshot(SharedSessionContractImplementor session, EntityPersister persister,
			Object id, Object[] state, Predicate<String> sends) {
		Map<String, Object> data = new LinkedHashMap<>();
		String idName = persister.getIdentifierPropertyName();
		data.put((idName != null) ? idName : "id", id);
		String[] names = persister.getPropertyNames();
		Type[] types = persister.getPropertyTypes();
		for (int i = 0; i < names.length; i++) {
			if (!sends.test(names[i]) || types[i].isCollectionType()) {
				continue;
			}
			Object value = state[i];
			if (value != null && types[i].isEntityType()) {
				value = session.getFactory().getPersistenceUnitUtil().getIdentifier(value);
			}
			data.put(names[i], value);
		}
		return data;
	}

	/**
	 * Whether an update changed any attribute that is part of the snapshot; an update that only touched others shows
	 * a consumer nothing new. Without dirty-checking information every update counts.
	 * @param sends which attributes are part of the snapshot
	 */
	public static boolean changesAny(PostUpdateEvent event, Predicate<String> sends) {
		int[] dirty = event.getDirtyProperties();
		if (dirty == null) {
			return true;
		}
		String[] names = event.getPersister().getPropertyNames();
		for (int index : dirty) {
			if (sends.test(names[index])) {
				return true;
			}
		}
		return false;
	}

}
