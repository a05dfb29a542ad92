package dev.webhooks.capture.hibernate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.capture.CapturePlan;
import dev.webhooks.capture.ChangeType;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.hooks.HookDeliveries;
import dev.webhooks.hooks.HookEvent;
import dev.webhooks.publish.DeliveryFactory;
import dev.webhooks.publish.OutgoingMessage;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.receive.InboundContext;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns inserts, updates and deletes of {@link dev.webhooks.capture.HttpReceiver} entities, and of any entity that
 * runtime hooks listen to, into outbox rows written in the same transaction.
 * <p>
 * The payload is a snapshot of the state Hibernate flushed, taken when the change is flushed: to-one associations
 * become their ids, embeddables are serialized whole, to-many collections are left out (they would need loading
 * during the flush). Changes made with bulk JPQL or native SQL bypass Hibernate's events and are not captured; use
 * {@link dev.webhooks.publish.WebhookPublisher} for those.
 */
public final class HibernateChangeCapture
		implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

	private final PeerServers peers;

	private final DeliveryFactory deliveryFactory;

	private final Supplier<OutboxWriter> store;

	private final Runnable afterCommit;

	private final Clock clock;

	private static final Logger logger = LoggerFactory.getLogger(HibernateChangeCapture.class);

	private final @Nullable HookDeliveries hooks;

	private final CaptureObserver observer;

	private final CaptureFailurePolicy failurePolicy;

	private final Map<Class<?>, Optional<CapturePlan>> plans = new ConcurrentHashMap<>();

	private final Map<SharedSessionContractImplementor, TransactionDeliveries> pending = new ConcurrentHashMap<>();

	/**
	 * @param store the outbox, looked up at the first write so the capture can be registered while the session
	 * factory is still being built
	 * @param afterCommit what to do once a transaction with deliveries commits, typically waking the dispatcher
	 */
	public HibernateChangeCapture(PeerServers peers, DeliveryFactory deliveryFactory, Supplier<OutboxWriter> store,
			Runnable afterCommit, Clock clock) {
		this(peers, deliveryFactory, store, afterCommit, clock, null);
	}

	/**
	 * @param hooks the runtime hooks, which may listen to any entity, annotated or not; {@code null} for none
	 */
	public HibernateChangeCapture(PeerServers peers, DeliveryFactory deliveryFactory, Supplier<OutboxWriter> store,
			Runnable afterCommit, Clock clock, @Nullable HookDeliveries hooks) {
		this(peers, deliveryFactory, store, afterCommit, clock, hooks, CaptureObserver.NONE,
				CaptureFailurePolicy.FAIL_TRANSACTION);
	}

	/**
	 * @param hooks the runtime hooks, which may listen to any entity, annotated or not; {@code null} for none
	 * @param observer hears of every capture and failed capture, for metrics
	 * @param failurePolicy what a change whose payload cannot be written does: fail the business transaction, or
	 * become {@code FAILED} deliveries carrying the reason (the hooks apply their own copy of the policy)
	 */
	public HibernateChangeCapture(PeerServers peers, DeliveryFactory deliveryFactory, Supplier<OutboxWriter> store,
			Runnable afterCommit, Clock clock, @Nullable HookDeliveries hooks, CaptureObserver observer,
			CaptureFailurePolicy failurePolicy) {
		this.peers = peers;
		this.deliveryFactory = deliveryFactory;
		this.store = store;
		this.afterCommit = afterCommit;
		this.clock = clock;
		this.hooks = hooks;
		this.observer = observer;
		this.failurePolicy = failurePolicy;
	}

	/**
	 * Checks every {@code @HttpReceiver} entity of the session factory and appends the listeners, unless a capture
	 * is registered there already.
	 * @return whether the listeners were added
	 * @throws IllegalStateException naming the entity when an annotation names an unknown server or attribute
	 */
	public boolean register(SessionFactoryImplementor sessionFactory) {
		EventListenerRegistry listeners = sessionFactory.getEventListenerRegistry();
		for (Object listener : listeners.getEventListenerGroup(EventType.POST_INSERT).listeners()) {
			if (listener instanceof HibernateChangeCapture) {
				return false;
			}
		}
		for (EntityType<?> entity : sessionFactory.getMetamodel().getEntities()) {
			validate(entity);
		}
		listeners.appendListeners(EventType.POST_INSERT, this);
		listeners.appendListeners(EventType.POST_UPDATE, this);
		listeners.appendListeners(EventType.POST_DELETE, this);
		return true;
	}

	private void validate(EntityType<?> entity) {
		Class<?> type = entity.getJavaType();
		CapturePlan plan = planOf(type);
		if (plan == null) {
			return;
		}
		String where = "@HttpReceiver on " + type.getName();
		try {
			this.peers.targets(plan.servers(), null);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(where + ": " + ex.getMessage());
		}
		Set<String> attributes = new TreeSet<>();
		for (Attribute<?, ?> attribute : entity.getAttributes()) {
			attributes.add(attribute.getName());
		}
		for (String name : plan.include()) {
			if (!attributes.contains(name)) {
				throw new IllegalStateException(where + ": include names '" + name + "', which is not an attribute "
						+ "of the entity (attributes: " + String.join(", ", attributes) + ")");
			}
		}
		for (String name : plan.exclude()) {
			if (!attributes.contains(name)) {
				throw new IllegalStateException(where + ": exclude names '" + name + "', which is not an attribute "
						+ "of the entity (attributes: " + String.join(", ", attributes) + ")");
			}
		}
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		capture(event.getSession(), event.getPersister(), event.getId(), event.getEntity(), event.getState(),
				ChangeType.CREATED, planOf(event.getPersister().getMappedClass()), true);
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		CapturePlan plan = planOf(event.getPersister().getMappedClass());
		boolean toPeers = plan != null && plan.captures(ChangeType.UPDATED)
				&& EntityStateSnapshots.changesAny(event, plan::sends);
		capture(event.getSession(), event.getPersister(), event.getId(), event.getEntity(), event.getState(),
				ChangeType.UPDATED, plan, toPeers);
	}

	@Override
	public void onPostDelete(PostDeleteEvent event) {
		capture(event.getSession(), event.getPersister(), event.getId(), event.getEntity(), event.getDeletedState(),
				ChangeType.DELETED, planOf(event.getPersister().getMappedClass()), true);
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return false;
	}

	private void capture(SharedSessionContractImplementor session, EntityPersister persister, Object id,
			@Nullable Object entity, Object @Nullable [] state, ChangeType change, @Nullable CapturePlan plan,
			boolean toPeers) {
		if (state == null) {
			return;
		}
		boolean peersCapture = toPeers && plan != null && plan.captures(change);
		// the hot path for entities nobody listens to: one map lookup each for the annotation and the hooks
		boolean hooksCapture = this.hooks != null && this.hooks.hasHooks(persister.getJpaEntityName());
		if (!peersCapture && !hooksCapture) {
			return;
		}
		Instant now = this.clock.instant();
		String entityType = persister.getJpaEntityName();
		String eventType = (plan != null) ? plan.type(change) : entityType + "." + change.event();
		List<NewDelivery> deliveries = new ArrayList<>();
		try {
			if (peersCapture) {
				deliveries.addAll(peerDeliveries(session, persister, id, state, change, plan, now));
			}
			if (hooksCapture) {
				Object data = EntityStateSnapshots.snapshot(session, persister, id, state, (name) -> true);
				HookEvent event = new HookEvent(entityType, change.event(), id, entity,
						this.deliveryFactory.snapshot(data), JsonNodeFactory.instance.objectNode());
				deliveries.addAll(this.hooks.deliveries(event, now));
			}
		}
		catch (RuntimeException ex) {
			this.observer.captureFailed(entityType, eventType, ex);
			throw ex;
		}
		if (deliveries.isEmpty()) {
			return;
		}
		observe(entityType, eventType, deliveries);
		if (session.isTransactionInProgress()) {
			this.pending.computeIfAbsent(session, this::startTransaction).add(deliveries);
		}
		else {
			session.doWork((connection) -> this.store.get().insert(connection, deliveries));
			this.afterCommit.run();
		}
	}

	private List<NewDelivery> peerDeliveries(SharedSessionContractImplementor session, EntityPersister persister,
			Object id, Object[] state, ChangeType change, CapturePlan plan, Instant now) {
		List<PeerServers.Peer> targets = this.peers.targets(plan.servers(), InboundContext.currentSource());
		if (targets.isEmpty()) {
			return List.of();
		}
		try {
			Object data = EntityStateSnapshots.snapshot(session, persister, id, state, plan::sends);
			OutgoingMessage message = new OutgoingMessage(plan.type(change), plan.receiver(), change.event(),
					persister.getJpaEntityName(), this.deliveryFactory.snapshot(id),
					this.deliveryFactory.snapshot(data), plan.servers());
			return this.deliveryFactory.create(message, targets, now);
		}
		catch (DeliveryFactory.PayloadSerializationException ex) {
			if (this.failurePolicy == CaptureFailurePolicy.FAIL_TRANSACTION) {
				throw ex;
			}
			return this.deliveryFactory.failed(plan.type(change), persister.getJpaEntityName(), id, targets, now,
					ex.getMessage());
		}
	}

	// deliveries stored as failed (by this capture or by a hook) are logged and counted as failed captures
	private void observe(String entityType, String eventType, List<NewDelivery> deliveries) {
		int written = 0;
		for (NewDelivery delivery : deliveries) {
			if (delivery.failure() == null) {
				written++;
			}
			else {
				logger.warn("Stored delivery {} of {} for {} as FAILED: {}", delivery.id(), eventType,
						delivery.target(), delivery.failure());
				this.observer.captureFailed(entityType, eventType, new CaptureFailedException(delivery.failure()));
			}
		}
		if (written > 0) {
			this.observer.captured(entityType, eventType, written);
		}
	}

	private TransactionDeliveries startTransaction(SharedSessionContractImplementor session) {
		TransactionDeliveries deliveries = new TransactionDeliveries();
		session.getTransactionCompletionCallbacks().registerCallback((
				org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback) (completing) -> {
			TransactionDeliveries written = this.pending.get(completing);
			if (written != null && !written.deliveries.isEmpty()) {
				completing.doWork((connection) -> this.store.get().insert(connection, written.deliveries));
			}
		});
		session.getTransactionCompletionCallbacks().registerCallback((
				org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback) (success, completed) -> {
			TransactionDeliveries finished = this.pending.remove(completed);
			if (success && finished != null && !finished.deliveries.isEmpty()) {
				this.afterCommit.run();
			}
		});
		return deliveries;
	}

	private @Nullable CapturePlan planOf(Class<?> entityClass) {
		return this.plans.computeIfAbsent(entityClass, (type) -> Optional.ofNullable(CapturePlan.of(type)))
			.orElse(null);
	}

	/** Why a change was stored as a failed delivery, for observers. */
	private static final class CaptureFailedException extends RuntimeException {

		CaptureFailedException(String message) {
			super(message, null, false, false);
		}

	}

	/** The deliveries a transaction has captured so far. */
	private static final class TransactionDeliveries {

		private final List<NewDelivery> deliveries = new ArrayList<>();

		void add(List<NewDelivery> more) {
			this.deliveries.addAll(more);
		}

	}

}
