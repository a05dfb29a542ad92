package dev.webhooks.realtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.webhooks.capture.CapturedEntity;
import dev.webhooks.capture.ChangeSink;
import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.EntityChange;
import dev.webhooks.capture.TransactionBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the changes of {@link RealtimeChannels} entities into realtime events and hands them on only after their
 * transaction commits; a rolled-back transaction pushes nothing. The events are built during the flush (the state
 * is the one written), so nothing is loaded after commit.
 */
public final class RealtimeSink implements ChangeSink {

	private static final Logger logger = LoggerFactory.getLogger(RealtimeSink.class);

	private final Supplier<RealtimeEventFactory> events;

	private final Map<Class<?>, Optional<RealtimePlan>> plans = new ConcurrentHashMap<>();

	private final TransactionBuffer.Batch<RealtimeEvent> committed;

	/**
	 * @param events builds the events, looked up at the first change so that resolvers may use repositories of the
	 * session factory being built
	 * @param committed receives the events of each committed transaction, on the committing thread; it must return
	 * quickly (typically {@link RealtimeDispatcher#dispatch})
	 */
	public RealtimeSink(Supplier<RealtimeEventFactory> events, Consumer<List<RealtimeEvent>> committed) {
		this.events = events;
		this.committed = new TransactionBuffer.Batch<>() {

			@Override
			public void afterCommit(List<RealtimeEvent> items) {
				committed.accept(items);
			}

			@Override
			public String toString() {
				return "the realtime events";
			}

		};
	}

	/**
	 * Checks that the channel templates and include/exclude of a {@code @RealtimeChannels} entity name its
	 * attributes.
	 */
	@Override
	public void validate(CapturedEntity entity, Set<String> attributes) {
		RealtimePlan plan = planOf(entity);
		if (plan != null) {
			plan.validate(entity.javaType(), attributes, entity.idName());
		}
	}

	@Override
	public boolean wants(CapturedEntity entity, ChangeType change) {
		RealtimePlan plan = planOf(entity);
		return plan != null && plan.pushes(change);
	}

	@Override
	public void accept(EntityChange change, TransactionBuffer buffer) {
		RealtimePlan plan = planOf(change.entity());
		// an update that only touched attributes clients never see would push a copy of what they have
		if (plan == null || !change.changesAny(plan.attributes()) || change.instance() == null) {
			return;
		}
		RealtimeEvent event;
		try {
			event = this.events.get().create(plan, new RealtimeChange(change.instance(), change.entityType(),
					change.id(), change.change(), change.state(plan.attributes())));
		}
		catch (RuntimeException ex) {
			// a push is a courtesy to live clients: it never fails the business transaction
			logger.warn("Could not build the realtime event for {} {}: {}", change.entityType(), change.id(),
					ex.getMessage(), ex);
			return;
		}
		if (event != null) {
			buffer.add(this.committed, List.of(event));
		}
	}

	private @Nullable RealtimePlan planOf(CapturedEntity entity) {
		return this.plans
			.computeIfAbsent(entity.javaType(), (type) -> Optional.ofNullable(RealtimePlan.of(type, entity.name())))
			.orElse(null);
	}

}
