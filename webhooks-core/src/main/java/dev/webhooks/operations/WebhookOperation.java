package dev.webhooks.operations;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The operations, by the name used on the command line and in the endpoint's path. */
public enum WebhookOperation {

	/** Puts failed (and cancelled) deliveries back in the queue with a fresh attempt budget. */
	RETRY("retry"),

	/** Makes pending deliveries due now instead of at their next attempt time. */
	SEND_NOW("send-now"),

	/** Cancels pending deliveries. */
	CANCEL("cancel"),

	/** Counts deliveries in a status against a limit. */
	MONITOR("monitor"),

	/** Deletes finished deliveries older than the retention, in batches. */
	PURGE("purge"),

	/** Counts by status, the oldest pending delivery and the failing targets. */
	STATS("stats"),

	/** Enables a target that was disabled after failing too long; its kept deliveries are sent. */
	ENABLE_TARGET("enable-target"),

	/** Disables a target at once: its pending deliveries are kept, not sent, until it is enabled again. */
	DISABLE_TARGET("disable-target");

	private final String operationName;

	WebhookOperation(String operationName) {
		this.operationName = operationName;
	}

	/** The name used on the command line and in the endpoint's path, e.g. {@code send-now}. */
	public String operationName() {
		return this.operationName;
	}

	/**
	 * The operation of the given name; {@code send_now} and {@code SEND-NOW} are accepted too.
	 * @throws InvalidOperationException naming the known operations when there is none of that name
	 */
	public static WebhookOperation of(String name) {
		String normalized = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
		for (WebhookOperation operation : values()) {
			if (operation.operationName.equals(normalized)) {
				return operation;
			}
		}
		throw new InvalidOperationException("Unknown operation '" + name + "'; use one of "
				+ Arrays.stream(values()).map(WebhookOperation::operationName).collect(Collectors.joining(", ")));
	}

}
