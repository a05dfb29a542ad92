package dev.webhooks.capture;

/**
 * What happens when a captured change cannot be turned into a delivery: its payload cannot be serialized, or a
 * hook's template or serializer fails.
 */
public enum CaptureFailurePolicy {

	/**
	 * The exception propagates and the business transaction rolls back, so no change is ever committed without its
	 * webhook. The default.
	 */
	FAIL_TRANSACTION,

	/**
	 * The failure is logged and the delivery is stored as {@code FAILED}, with the reason as its last error and an
	 * empty payload; the business transaction commits. The row makes the loss visible in stats, health, metrics and
	 * the admin pages, but it cannot be retried: there is nothing to send.
	 */
	STORE_AS_FAILED

}
