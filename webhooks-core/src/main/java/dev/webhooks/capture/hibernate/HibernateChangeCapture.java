package dev.webhooks.capture.hibernate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.webhooks.capture.CapturedEntity;
import dev.webhooks.capture.ChangeSink;
import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.EntityChange;
import dev.webhooks.capture.TransactionBuffer;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;
import org.jspecify.annotations.Nullable;

/**
 * The one Hibernate listener of a session factory: turns each insert, update and delete that a {@link ChangeSink}
 * wants into one {@link EntityChange} and hands it to those sinks, with the buffer of the current transaction.
 * <p>
 * The state is the one Hibernate flushed, taken once per change when it is flushed: to-one associations become
 * their ids, embeddables stay whole, to-many collections are left out (they would need loading during the flush).
 * Changes made with bulk JPQL or native SQL bypass Hibernate's events and are not captured; use
 * {@code WebhookPublisher} for those.
 */
public final class HibernateChangeCapture
		implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

	private final SessionFactoryImplementor sessionFactory;

	private final SessionTransactionBuffers buffers = new SessionTransactionBuffers();

	private final Map<String, CapturedEntity> entities = new ConcurrentHashMap<>();

	// an array read once per change: the hot path allocates no iterator
	private volatile ChangeSink[] sinks = new ChangeSink[0];

	private HibernateChangeCapture(SessionFactoryImplementor sessionFactory) {
		this.sessionFactory = sessionFactory;
	}

	/**
	 * Adds a sink to the session factory's capture, appending the listener at the first sink, so that every change
	 * is taken once whatever the number of sinks. The sink first checks every entity of the factory. A sink of a class
	 * that is registered already is ignored.
	 * @return the capture of the session factory
	 * @throws IllegalStateException naming the entity when the sink finds it misconfigured
	 */
	public static synchronized HibernateChangeCapture register(SessionFactoryImplementor sessionFactory,
			ChangeSink sink) {
		EventListenerRegistry listeners = sessionFactory.getEventListenerRegistry();
		HibernateChangeCapture capture = null;
		for (Object listener : listeners.getEventListenerGroup(EventType.POST_INSERT).listeners()) {
			if (listener instanceof HibernateChangeCapture registered) {
				capture = registered;
			}
		}
		if (capture == null) {
			capture = new HibernateChangeCapture(sessionFactory);
			listeners.appendListeners(EventType.POST_INSERT, capture);
			listeners.appendListeners(EventType.POST_UPDATE, capture);
			listeners.appendListeners(EventType.POST_DELETE, capture);
		}
		capture.add(sink);
		return capture;
	}

	// the factory may be post-processed more than once: a second sink of a kind would take every change twice
	private void add(ChangeSink sink) {
		for (ChangeSink registered : this.sinks) {
			if (registered.getClass() == sink.getClass()) {
				return;
			}
		}
		for (EntityType<?> entity : this.sessionFactory.getMetamodel().getEntities()) {
			Set<String> attributes = new TreeSet<>();
			for (Attribute<?, ?> attribute : entity.getAttributes()) {
				attributes.add(attribute.getName());
			}
			sink.validate(entityOf(this.sessionFactory.getMappingMetamodel().getEntityDescriptor(entity.getJavaType())),
					attributes);
		}
		ChangeSink[] more = Arrays.copyOf(this.sinks, this.sinks.length + 1);
		more[more.length - 1] = sink;
		this.sinks = more;
	}

	/** The sinks changes go to, in registration order. */
	public List<ChangeSink> sinks() {
		return List.of(this.sinks);
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		capture(event.getSession(), event.getPersister(), event.getId(), event.getEntity(), event.getState(),
				ChangeType.CREATED, null);
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		capture(event.getSession(), event.getPersister(), event.getId(), event.getEntity(), event.getState(),
				ChangeType.UPDATED, event.getDirtyProperties());
	}

	@Override
	public void onPostDelete(PostDeleteEvent event) {
		capture(event.getSession(), event.getPersister(), event.getId(), event.getEntity(), event.getDeletedState(),
				ChangeType.DELETED, null);
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return false;
	}

	private void capture(SharedSessionContractImplementor session, EntityPersister persister, Object id,
			@Nullable Object instance, Object @Nullable [] state, ChangeType change, int @Nullable [] dirty) {
		if (state == null) {
			return;
		}
		ChangeSink[] sinks = this.sinks;
		CapturedEntity entity = entityOf(persister);
		// the hot path for entities nobody listens to: each sink's lookup, and no snapshot
		if (!anyWants(sinks, entity, change)) {
			return;
		}
		EntityChange captured = new EntityChange(entity, change, id, instance,
				snapshot(session, persister, entity, id, state), changed(persister, dirty));
		TransactionBuffer buffer = this.buffers.of(session);
		for (ChangeSink sink : sinks) {
			if (sink.wants(entity, change)) {
				sink.accept(captured, buffer);
			}
		}
	}

	private static boolean anyWants(ChangeSink[] sinks, CapturedEntity entity, ChangeType change) {
		for (ChangeSink sink : sinks) {
			if (sink.wants(entity, change)) {
				return true;
			}
		}
		return false;
	}

	private CapturedEntity entityOf(EntityPersister persister) {
		return this.entities.computeIfAbsent(persister.getEntityName(), (name) -> {
			String idName = persister.getIdentifierPropertyName();
			return CapturedEntity.of(persister.getMappedClass(), persister.getJpaEntityName(),
					(idName != null) ? idName : "id");
		});
	}

	private static Map<String, @Nullable Object> snapshot(SharedSessionContractImplementor session,
			EntityPersister persister, CapturedEntity entity, Object id, Object[] state) {
		String[] names = persister.getPropertyNames();
		Type[] types = persister.getPropertyTypes();
		Map<String, @Nullable Object> data = new LinkedHashMap<>((names.length + 1) * 4 / 3 + 1);
		data.put(entity.idName(), id);
		for (int i = 0; i < names.length; i++) {
			if (types[i].isCollectionType()) {
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

	private static @Nullable Set<String> changed(EntityPersister persister, int @Nullable [] dirty) {
		if (dirty == null) {
			return null;
		}
		String[] names = persister.getPropertyNames();
		Set<String> changed = new HashSet<>(dirty.length * 4 / 3 + 1);
		for (int index : dirty) {
			changed.add(names[index]);
		}
		return changed;
	}

}
