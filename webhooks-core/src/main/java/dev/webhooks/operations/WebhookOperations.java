package dev.webhooks.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.DeliveryStore;

/**
 * The operations on the outbox, free of any framework. Arguments each operation reads:
 * <ul>
 * <li>{@code retry}: {@code ids}, {@code target}, {@code hook}, {@code entity-type}, {@code status} ({@code FAILED}
 * or {@code CANCELLED}; both when not given), {@code since}. Resets the attempt budget.</li>
 * <li>{@code send-now}: the same filters, on {@code PENDING} deliveries.</li>
 * <li>{@code cancel}: the same filters, on {@code PENDING} deliveries; without any filter only with
 * {@code all=true}.</li>
 * <li>{@code monitor}: {@code status} (required), {@code limit} (default 10), {@code minutes}.</li>
 * <li>{@code purge}: {@code older-than-days} (default: the configured retention).</li>
 * <li>{@code stats}: none.</li>
 * </ul>
 * Example: {@code operations.execute(WebhookOperation.RETRY, new OperationArguments(List.of(), "billing", ...))}.
 */
public final class WebhookOperations {

	private static final Logger logger = LoggerFactory.getLogger(WebhookOperations.class);

	private static final int DEFAULT_MONITOR_LIMIT = 10;

	private final DeliveryStore store;

	private final Clock clock;

	private final Settings settings;

	private final Runnable wakeUp;

	/**
	 * @param store the outbox
	 * @param clock the time operations count from
	 * @param settings purge and statistics settings
	 * @param wakeUp wakes this instance's dispatcher, if any, after deliveries became due
	 */
	public WebhookOperations(DeliveryStore store, Clock clock, Settings settings, Runnable wakeUp) {
		this.store = Objects.requireNonNull(store, "store");
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
		};
	}

	public OperationReport.Changed retry(OperationArguments arguments) {
		DeliverySelection selection = selection(arguments);
		if (selection.status() != null && selection.status() != DeliveryStatus.FAILED
				&& selection.status() != DeliveryStatus.CANCELLED) {
			throw new InvalidOperationException(
					"retry takes status FAILED or CANCELLED, not " + selection.status());
		}
		int retried = this.store.retry(selection, this.clock.instant());
		logger.info("Retry: {} deliveries put back in the queue ({})", retried, selection);
		if (retried > 0) {
			this.wakeUp.run();
		}
		return new OperationReport.Changed(WebhookOperation.RETRY.operationName(), retried);
	}

	public OperationReport.Changed sendNow(OperationArguments arguments) {
		DeliverySelection selection = pendingSelection("send-now", arguments);
		int due = this.store.sendNow(selection, this.clock.instant());
		logger.info("Send now: {} pending deliveries made due ({})", due, selection);
		if (due > 0) {
			this.wakeUp.run();
		}
		return new OperationReport.Changed(WebhookOperation.SEND_NOW.operationName(), due);
	}

	public OperationReport.Changed cancel(OperationArguments arguments) {
		if (!arguments.hasFilter() && !arguments.all()) {
			throw new InvalidOperationException("cancel without ids, target, hook, entity-type or since would cancel"
					+ " every pending delivery; give a filter, or all=true to mean it");
		}
		DeliverySelection selection = pendingSelection("cancel", arguments);
		int cancelled = this.store.cancel(selection, this.clock.instant());
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
				? this.clock.instant().minus(Duration.ofMinutes(arguments.minutes())) : arguments.since();
		long count = this.store.countByStatus(since).get(status);
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
			last = this.store.purgeFinished(completedBefore, batchSize);
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
				this.store.stats(now.minus(this.settings.failingWindow()), this.settings.maxFailingTargets()), now);
	}

	private DeliverySelection pendingSelection(String operation, OperationArguments arguments) {
		DeliverySelection selection = selection(arguments);
		if (selection.status() != null && selection.status() != DeliveryStatus.PENDING) {
			throw new InvalidOperationException(operation + " acts on PENDING deliveries, not " + selection.status());
		}
		return selection;
	}

	private static DeliverySelection selection(OperationArguments arguments) {
		if (arguments.target() != null && arguments.hook() != null) {
			throw new InvalidOperationException("give target or hook, not both: a hook's deliveries have the target"
					+ " 'hook:" + arguments.hook() + "'");
		}
		String target = (arguments.hook() != null) ? "hook:" + arguments.hook() : arguments.target();
		return new DeliverySelection(arguments.ids(), target, arguments.entityType(), arguments.status(),
				arguments.since());
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
