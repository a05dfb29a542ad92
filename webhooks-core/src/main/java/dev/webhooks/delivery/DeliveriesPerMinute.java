package dev.webhooks.delivery;

import java.time.Instant;

/**
 * How many deliveries were created in one minute.
 *
 * @param minute the start of the minute (UTC)
 * @param created deliveries created in it
 */
public record DeliveriesPerMinute(Instant minute, long created) {

}
