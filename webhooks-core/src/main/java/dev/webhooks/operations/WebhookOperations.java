package dev.webhooks.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.DeliveriesPerMinute;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryCommands;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.delivery.Target;
import dev.webhooks.events.OperationalEvent;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.events.TargetDisabled;
import dev.webhooks.events.TargetEnabled;
import dev.webhooks.delivery.TargetStates;

/**
 * The operations on the outbox, free of any framework. Arguments each operation reads:
 * <ul>
 * <li>{@code retry}: {@code ids}, {@code target}, {@code hook}, {@code entity-type}, {@code status} ({@code FAILED}
 * or {@code CANCELLED}; both when not given), {@code from}. Resets the attempt budget.</li>
 * <li>{@code send-now}: the same filters, on {@code PENDING} deliveries.</li>
 * <li>{@code cancel}: the same filters, on {@code PENDING} deliveries; without any filter only with
 * {@code all=true}.</li>
 * <li>{@code monitor}: {@code status} (required), {@code limit} (default 10), {@code minutes}.</li>
 * <li>{@code purge}: {@code older-than-days} (default: the configured retention).</li>
 * <li>{@code stats}: none.</li>
 * <li>{@code enable-target}: {@code target} or {@code hook} (required).</li>
 * </ul>
 * Example: {@code operations.execute(WebhookOperation.RETRY, new OperationArguments(List.of(), "billing", ...))}.
 * <p>
 * The admin pages read and act on the outbox through this class only: the listings and details are here beside the
 * operations.
 */
public final class WebhookOperations {

	private static final Logger logger = LoggerFactory.getLogger(WebhookOperations.class);

	private static final int DEFAULT_MONITOR_LIMIT = 10;

	private final DeliveryQueries queries;

	private final DeliveryCommands commands;

	private final TargetStates targets;

	private final Clock clock;

	private final Settings settings;

	private final Runnable wakeUp;

	private final OperationalEventListener events;

	/**
	 * @param queries reads of the outbox
	 * @param commands the bulk commands on the outbox
	 * @param targets the failing and disabled targets
	 * @param clock the time operations count from
	 * @param settings purge and statistics settings
	 * @param wakeUp wakes this instance's dispatcher, if any, after deliveries became due
	 */
	public WebhookOperations(DeliveryQueries queries, DeliveryCommands commands, TargetStates targets, Clock clock,
			Settings settings, Runnable wakeUp) {
		this(queries, commands, targets, clock, settings, wakeUp, OperationalEventListener.NONE);
	}

	/**
	 * @param events hears of targets enabled and disabled by an operator
	 */
	public WebhookOperations(DeliveryQueries queries, DeliveryCommands commands, TargetStates targets, Clock clock,
			Settings settings, Runnable wakeUp, OperationalEventListener events) {
		this.events = Objects.requireNonNull(events, "events");
		this.queries = Objects.requireNonNull(queries, "queries");
		this.commands = Objects.requireNonNull(commands, "commands");
		this.targets = Objects.requireNonNull(targets, "targets");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.wakeUp = Objects.requireNonNull(wakeUp, "wakeUp");
	}

	public Settings settings() {
		return this.settings;
	}

	/**
	 * Runs an operation.
	 * @throws InvalidOperationException when the arguments do not fit the operation
	 */
	public OperationReport execute(WebhookOperation operation, OperationArguments arguments) {
		return switch (operation) {
			case RETRY -> retry(arguments);
			case SEND_NOW -> sendNow(arguments);
			case CANCEL -> cancel(arguments);
			case MONITOR -> monitor(arguments);
			case PURGE -> purge(arguments);
			case STATS -> stats();
			case ENABLE_TARGET -> enableTarget(arguments);
			case DISABLE_TARGET -> disableTarget(arguments);
		};
	}

	public OperationReport.Changed retry(OperationArguments arguments) {
		DeliverySelection selection = selection(arguments);
		if (selection.status() != null && selection.status() != DeliveryStatus.FAILED
				&& selection.status() != DeliveryStatus.CANCELLED) {
			throw new InvalidOperationException(
					"retry takes status FAILED or CANCELLED, not " + selection.status());
		}
		int retried = this.commands.retry(selection, this.clock.instant());
		logger.info("Retry: {} deliveries put back in the queue ({})", retried, selection);
		if (retried > 0) {
			this.wakeUp.run();
		}
		return new OperationReport.Changed(WebhookOperation.RETRY.operationName(), retried);
	}

	public OperationReport.Changed sendNow(OperationArguments arguments) {
		DeliverySelection selection = pendingSelection("send-now", arguments);
		int due = this.commands.sendNow(selection, this.clock.instant());
		logger.info("Send now: {} pending deliveries made due ({})", due, selection);
		if (due > 0) {
			this.wakeUp.run();
		}
		return new OperationReport.Changed(WebhookOperation.SEND_NOW.operationName(), due);
	}

	public OperationReport.Changed cancel(OperationArguments arguments) {
		if (!arguments.hasFilter() && !arguments.all()) {
			throw new InvalidOperationException("cancel without ids, target, hook, entity-type or from would cancel"
					+ " every pending delivery; give a filter, or all=true to mean it");
		}
		DeliverySelection selection = pendingSelection("cancel", arguments);
		int cancelled = this.commands.cancel(selection, this.clock.instant());
		logger.info("Cancel: {} pending deliveries cancelled ({})", cancelled, selection);
		return new OperationReport.Changed(WebhookOperation.CANCEL.operationName(), cancelled);
	}

	public OperationReport.Monitored monitor(OperationArguments arguments) {
		DeliveryStatus status = arguments.status();
		if (status == null) {
			throw new InvalidOperationException("monitor needs a status, e.g. status=FAILED or status=PENDING");
		}
		long limit = (arguments.limit() != null) ? arguments.limit() : DEFAULT_MONITOR_LIMIT;
		Instant since = (arguments.minutes() != null)
				? this.clock.instant().minus(Duration.ofMinutes(arguments.minutes())) : arguments.from();
		long count = this.queries.countByStatus(since).get(status);
		return new OperationReport.Monitored(status, count, limit, since, count >= limit);
	}

	public OperationReport.Purged purge(OperationArguments arguments) {
		Duration retention = (arguments.olderThanDays() != null) ? Duration.ofDays(arguments.olderThanDays())
				: this.settings.retention();
		return purge(retention);
	}

	/** Deletes finished deliveries completed longer than {@code retention} ago, one short transaction per batch. */
	public OperationReport.Purged purge(Duration retention) {
		long start = System.nanoTime();
		Instant completedBefore = this.clock.instant().minus(retention);
		int batchSize = this.settings.purgeBatchSize();
		long deleted = 0;
		int batches = 0;
		int last;
		do {
			last = this.commands.purgeFinished(completedBefore, batchSize);
			deleted += last;
			batches++;
		}
		while (last == batchSize);
		long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
		if (deleted > 0) {
			logger.info("Purge: {} finished deliveries completed before {} deleted in {} batches ({} ms)", deleted,
					completedBefore, batches, millis);
		}
		return new OperationReport.Purged(completedBefore, deleted, batches, millis);
	}

	public OperationReport.Stats stats() {
		Instant now = this.clock.instant();
		return OperationReport.Stats.of(
				this.queries.stats(now.minus(this.settings.failingWindow()), this.settings.maxFailingTargets()),
				this.targets.disabledTargets(), now);
	}

	/**
	 * Sends the selected finished deliveries again, successful ones too, with their original message ids.
	 * @return how many deliveries were put back in the queue
	 */
	public OperationReport.Changed replay(DeliverySelection selection) {
		int replayed = this.commands.replay(selection, this.clock.instant());
		logger.info("Replay: {} finished deliveries put back in the queue ({})", replayed, selection);
		if (replayed > 0) {
			this.wakeUp.run();
		}
		return new OperationReport.Changed("replay", replayed);
	}

	/** The delivery with that id, if any. */
	public Optional<Delivery> delivery(String id) {
		return this.queries.find(id);
	}

	/** The attempts of a delivery, first first. */
	public List<DeliveryAttempt> attempts(String deliveryId) {
		return this.queries.attempts(deliveryId);
	}

	/** A page of deliveries, newest first. */
	public List<Delivery> search(DeliverySearch search) {
		return this.queries.search(search);
	}

	/** The deliveries created per minute from the given time on, oldest minute first. */
	public List<DeliveriesPerMinute> countPerMinute(Instant createdFrom) {
		return this.queries.countPerMinute(createdFrom);
	}

	/** Counts by status, the oldest unsent delivery and the targets failing in the configured window. */
	public OutboxStats outboxStats() {
		return this.queries.stats(this.clock.instant().minus(this.settings.failingWindow()),
				this.settings.maxFailingTargets());
	}

	/** The disabled targets, each with when it was disabled; their deliveries are parked until enabled again. */
	public Map<Target, Instant> disabledTargets() {
		return this.targets.disabledTargets();
	}

	/** Enables a target disabled after failing too long; its kept deliveries become due now. */
	public OperationReport.Changed enableTarget(OperationArguments arguments) {
		Target target = selection(arguments).target();
		if (target == null) {
			throw new InvalidOperationException("enable-target needs a target or a hook");
		}
		int due = this.targets.enableTarget(target, this.clock.instant());
		if (due < 0) {
			throw new InvalidOperationException("target '" + target + "' is not disabled; disabled targets: "
					+ this.targets.disabledTargets().keySet());
		}
		logger.info("Target '{}' enabled again: {} kept deliveries are due now", target, due);
		if (due > 0) {
			this.wakeUp.run();
		}
		raise(new TargetEnabled(target, due, this.clock.instant()));
		return new OperationReport.Changed(WebhookOperation.ENABLE_TARGET.operationName(), due);
	}

	/** Disables a target at once; its pending deliveries are kept, not sent, until it is enabled again. */
	public OperationReport.Changed disableTarget(OperationArguments arguments) {
		Target target = selection(arguments).target();
		if (target == null) {
			throw new InvalidOperationException("disable-target needs a target or a hook");
		}
		Instant now = this.clock.instant();
		if (!this.targets.disableTarget(target, now)) {
			throw new InvalidOperationException("target '" + target + "' is already disabled");
		}
		logger.info("Target '{}' disabled by an operator: its deliveries are kept until it is enabled again", target);
		raise(new TargetDisabled(target, TargetDisabled.Reason.OPERATOR, now));
		return new OperationReport.Changed(WebhookOperation.DISABLE_TARGET.operationName(), 1);
	}

	private void raise(OperationalEvent event) {
		try {
			this.events.onEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Operational event listener failed on {}", event.type(), ex);
		}
	}

	private DeliverySelection pendingSelection(String operation, OperationArguments arguments) {
		DeliverySelection selection = selection(arguments);
		if (selection.status() != null && selection.status() != DeliveryStatus.PENDING) {
			throw new InvalidOperationException(operation + " acts on PENDING deliveries, not " + selection.status());
		}
		return selection;
	}

	private static DeliverySelection selection(OperationArguments arguments) {
		return new DeliverySelection(arguments.ids(), target(arguments), arguments.entityType(), arguments.status(),
				arguments.from());
	}

	// a target argument is read as stored, so hook:<id> selects a hook's deliveries as the hook argument does
	private static @Nullable Target target(OperationArguments arguments) {
		String hook = arguments.hook();
		String target = arguments.target();
		if (hook != null && target != null) {
			throw new InvalidOperationException("give target or hook, not both: a hook's deliveries have the target"
					+ " '" + Target.hook(hook) + "'");
		}
		try {
			if (hook != null) {
				return Target.hook(hook);
			}
			return (target != null) ? Target.parse(target) : null;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidOperationException(String.valueOf(ex.getMessage()));
		}
	}

	/**
	 * How purge and statistics work.
	 *
	 * @param retention finished deliveries older than this are purged when no age is given
	 * @param purgeBatchSize the most deliveries deleted in one transaction
	 * @param failingWindow targets with failures in this window are listed as failing
	 * @param maxFailingTargets the most failing targets listed
	 */
	public record Settings(Duration retention, int purgeBatchSize, Duration failingWindow, int maxFailingTargets) {

		public Settings {
			Objects.requireNonNull(retention, "retention");
			Objects.requireNonNull(failingWindow, "failingWindow");
			if (retention.isNegative()) {
				throw new IllegalArgumentException("retention must not be negative, but is " + retention);
			}
			if (purgeBatchSize < 1) {
				throw new IllegalArgumentException("purgeBatchSize must be at least 1, but is " + purgeBatchSize);
			}
		}

		/** 30 days of retention, batches of 1000, failures of the last 24 hours, up to 20 failing targets. */
		public static Settings defaults() {
			return new Settings(Duration.ofDays(30), 1000, Duration.ofHours(24), 20);
		}

	}

}
