package dev.webhooks.realtime.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.hibernate.EntityStateSnapshots;
import dev.webhooks.realtime.RealtimeChange;
import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.realtime.RealtimeEventFactory;
import dev.webhooks.realtime.RealtimePlan;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the changes of {@link dev.webhooks.realtime.RealtimeChannels} entities while a transaction flushes and
 * hands their events on only after it commits; a rolled-back transaction pushes nothing. The events are built
 * during the flush (the state is the one written), so nothing is loaded after commit.
 * <p>
 * Changes made with bulk JPQL or native SQL bypass Hibernate's events and are not pushed.
 */
public final class HibernateRealtimeCapture
		implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

	private static final Logger logger = LoggerFactory.getLogger(HibernateRealtimeCapture.class);

	private final Supplier<RealtimeEventFactory> events;

	private final Consumer<List<RealtimeEvent>> committed;

	private final Map<Class<?>, Optional<RealtimePlan>> plans = new ConcurrentHashMap<>();

	private final Map<SharedSessionContractImplementor, List<RealtimeEvent>> pending = new ConcurrentHashMap<>();

	/**
	 * @param events builds the events, looked up at the first change so that resolvers may use repositories of the
	 * session factory being built
	 * @param committed receives the events of each committed transaction, on the committing thread; it must return
	 * quickly (typically {@link dev.webhooks.realtime.RealtimeDispatcher#dispatch})
	 */
	public HibernateRealtimeCapture(Supplier<RealtimeEventFactory> events, Consumer<List<RealtimeEvent>> committed) {
		this.events = events;
		this.committed = committed;
	}

	/**
	 * Checks every {@code @RealtimeChannels} entity of the session factory and appends the listeners, unless they
	 * are registered there already.
	 * @return whether the listeners were added
	 * @throws IllegalStateException naming the entity when a template or include/exclude names an unknown attribute
	 */
	public boolean register(SessionFactoryImplementor sessionFactory) {
		EventListenerRegistry listeners = sessionFactory.getEventListenerRegistry();
		for (Object listener : listeners.getEventListenerGroup(EventType.POST_INSERT).listeners()) {
			if (listener instanceof HibernateRealtimeCapture) {
				return false;
			}
		}
		for (EntityType<?> entity : sessionFactory.getMetamodel().getEntities()) {
			RealtimePlan plan = planOf(entity.getJavaType(), entity.getName());
			if (plan != null) {
				List<String> attributes = new ArrayList<>();
				for (Attribute<?, ?> attribute : entity.getAttributes()) {
					attributes.add(attribute.getName());
				}
				String idName = sessionFactory.getMappingMetamodel()
					.getEntityDescriptor(entity.getJavaType())
					.getIdentifierPropertyName();
				plan.validate(entity.getJavaType(), attributes, (idName != null) ? idName : "id");
			}
		}
		listeners.appendListeners(EventType.POST_INSERT, this);
		listeners.appendListeners(EventType.POST_UPDATE, this);
		listeners.appendListeners(EventType.POST_DELETE, this);
		return true;
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		capture(event.getSession(), event.getPersister(), event.getEntity(), event.getId(), event.getState(),
				ChangeType.CREATED);
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		RealtimePlan plan = planOf(event.getPersister());
		// an update that only touched attributes clients never see would push a copy of what they have
		if (plan != null && EntityStateSnapshots.changesAny(event, plan::sends)) {
			capture(event.getSession(), event.getPersister(), event.getEntity(), event.getId(), event.getState(),
					ChangeType.UPDATED);
		}
	}

	@Override
	public void onPostDelete(PostDeleteEvent event) {
		capture(event.getSession(), event.getPersister(), event.getEntity(), event.getId(), event.getDeletedState(),
				ChangeType.DELETED);
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return false;
	}

	private void capture(SharedSessionContractImplementor session, EntityPersister persister, Object entity, Object id,
			Object @Nullable [] state, ChangeType change) {
		RealtimePlan plan = planOf(persister);
		if (plan == null || !plan.pushes(change) || state == null) {
			return;
		}
		Map<String, Object> snapshot = EntityStateSnapshots.snapshot(session, persister, id, state, plan::sends);
		RealtimeEvent event;
		try {
			event = this.events.get().create(plan, new RealtimeChange(entity, persister.getJpaEntityName(), id, change,
					snapshot));
		}
		catch (RuntimeException ex) {
			// a push is a courtesy to live clients: it never fails the business transaction
			logger.warn("Could not build the realtime event for {} {}: {}", persister.getJpaEntityName(), id,
					ex.getMessage(), ex);
			return;
		}
		if (event == null) {
			return;
		}
		if (session.isTransactionInProgress()) {
			this.pending.computeIfAbsent(session, this::startTransaction).add(event);
		}
		else {
			this.committed.accept(List.of(event));
		}
	}

	private List<RealtimeEvent> startTransaction(SharedSessionContractImplementor session) {
		List<RealtimeEvent> collected = new ArrayList<>();
		session.getTransactionCompletionCallbacks()
			.registerCallback((TransactionCompletionCallbacks.AfterCompletionCallback) (success, completed) -> {
				List<RealtimeEvent> finished = this.pending.remove(completed);
				if (success && finished != null && !finished.isEmpty()) {
					this.committed.accept(finished);
				}
			});
		return collected;
	}

	private @Nullable RealtimePlan planOf(EntityPersister persister) {
		return planOf(persister.getMappedClass(), persister.getJpaEntityName());
	}

	private @Nullable RealtimePlan planOf(Class<?> entityClass, String entityName) {
		return this.plans.computeIfAbsent(entityClass, (type) -> Optional.ofNullable(RealtimePlan.of(type, entityName)))
			.orElse(null);
	}

}
