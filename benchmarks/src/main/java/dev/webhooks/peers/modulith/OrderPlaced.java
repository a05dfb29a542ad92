package dev.webhooks.peers.modulith;

import java.math.BigDecimal;
import java.time.Instant;

/** The event the peer publishes for each saved order: the order's columns, as the library's payload has them. */
public record OrderPlaced(Long id, String number, String customerEmail, String status, BigDecimal total,
		String currency, int itemCount, Instant placedAt, String note) {

}
