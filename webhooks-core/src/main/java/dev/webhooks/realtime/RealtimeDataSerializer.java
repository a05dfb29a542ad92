package dev.webhooks.realtime;

/**
 * Decides what a live client receives as an event's data; by default the change's {@link RealtimeChange#state()}.
 * The result is written as JSON with the application's JSON mapper.
 * <pre>{@code
 * @Bean
 * RealtimeDataSerializer invoiceSummaries() {
 *     return (change) -> (change.entity() instanceof Invoice invoice)
 *             ? Map.of("id", invoice.getId(), "total", invoice.getTotal()) : change.state();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RealtimeDataSerializer {

	/** The default: the pushed attributes of the entity. */
	RealtimeDataSerializer STATE = RealtimeChange::state;

	/** The data of the event for this change. */
	Object data(RealtimeChange change);

}
