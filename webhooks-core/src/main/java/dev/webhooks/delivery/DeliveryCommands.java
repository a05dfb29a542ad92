package dev.webhooks.delivery;

import java.time.Instant;

/**
 * The bulk commands operators run on the outbox. Each acts only on the statuses it can change, whatever the
 * selection names, and returns how many deliveries it changed.
 */
public interface DeliveryCommands {

	/**
	 * Puts the selected {@code FAILED} and {@code CANCELLED} deliveries (only those of the selection's status when it
	 * names one of the two) back to {@code PENDING}, due now, with a fresh attempt budget. Returns how many.
	 */
	int retry(DeliverySelection selection, Instant now);

	/**
	 * Puts the selected finished deliveries ({@code SUCCEEDED}, {@code FAILED} and {@code CANCELLED}; only those of
	 * the selection's status when it names one) back to {@code PENDING}, due now, with a fresh attempt budget: they
	 * are sent again with their original message id. Returns how many.
	 */
	int replay(DeliverySelection selection, Instant now);

	/** Makes the selected {@code PENDING} deliveries due now. Returns how many were waiting for a later time. */
	int sendNow(DeliverySelection selection, Instant now);

	/** Moves the selected {@code PENDING} deliveries to {@code CANCELLED}. Returns how many. */
	int cancel(DeliverySelection selection, Instant now);

	/**
	 * Deletes up to {@code limit} finished deliveries completed before the given time, with their attempts, in one
	 * short transaction. Call it again until it returns less than {@code limit}. Returns how many were deleted.
	 */
	int purgeFinished(Instant completedBefore, int limit);

}
