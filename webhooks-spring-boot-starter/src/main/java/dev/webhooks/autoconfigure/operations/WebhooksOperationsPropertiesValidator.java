package dev.webhooks.autoconfigure.operations;

import java.time.Duration;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;

/** Checks {@code webhooks.operations.*} at start-up, naming the property that is wrong. */
final class WebhooksOperationsPropertiesValidator {

	private WebhooksOperationsPropertiesValidator() {
	}

	static void check(WebhooksOperationsProperties properties) {
		WebhooksOperationsProperties.Purge purge = properties.getPurge();
		notNegative("webhooks.operations.purge.retention", purge.getRetention());
		positive("webhooks.operations.purge.interval", purge.getInterval());
		if (purge.getBatchSize() < 1) {
			throw new InvalidWebhooksPropertyException("webhooks.operations.purge.batch-size",
					"must be at least 1, but is " + purge.getBatchSize());
		}
		positive("webhooks.operations.failing-window", properties.getFailingWindow());
		if (properties.getMaxFailingTargets() < 0) {
			throw new InvalidWebhooksPropertyException("webhooks.operations.max-failing-targets",
					"must not be negative, but is " + properties.getMaxFailingTargets());
		}
		positive("webhooks.operations.health.max-pending-age", properties.getHealth().getMaxPendingAge());
		positive("webhooks.operations.health.stall-timeout", properties.getHealth().getStallTimeout());
		notNegative("webhooks.operations.metrics.queue-refresh-interval",
				properties.getMetrics().getQueueRefreshInterval());
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidWebhooksPropertyException(property, "must be a positive duration, but is " + value);
		}
	}

	private static void notNegative(String property, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidWebhooksPropertyException(property, "must not be negative, but is " + value);
		}
	}

}
