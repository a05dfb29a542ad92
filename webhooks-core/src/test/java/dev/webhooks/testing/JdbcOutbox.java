package dev.webhooks.testing;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.DeliveryCommands;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.delivery.jdbc.JdbcDeliveryCommands;
import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.delivery.jdbc.JdbcDeliveryQueries;
import dev.webhooks.delivery.jdbc.JdbcOutboxWriter;
import dev.webhooks.delivery.jdbc.JdbcTargetStates;

/**
 * The outbox's roles side by side, for tests that write, claim and then check deliveries: each call goes through
 * the role that owns it.
 *
 * @param writer writes new deliveries
 * @param leases claims, completes and releases
 * @param queries reads for operators
 * @param commands bulk commands
 * @param targets target states
 */
public record JdbcOutbox(OutboxWriter writer, DeliveryLeases leases, DeliveryQueries queries,
		DeliveryCommands commands, TargetStates targets) {

	/** The JDBC roles on one data source. */
	public static JdbcOutbox of(DataSource dataSource, JsonMapper jsonMapper) {
		return new JdbcOutbox(new JdbcOutboxWriter(jsonMapper), new JdbcDeliveryLeases(dataSource, jsonMapper),
				new JdbcDeliveryQueries(dataSource, jsonMapper), new JdbcDeliveryCommands(dataSource),
				new JdbcTargetStates(dataSource));
	}

	/** The roles of an application context. */
	public static JdbcOutbox of(Beans beans) {
		return new JdbcOutbox(beans.getBean(OutboxWriter.class), beans.getBean(DeliveryLeases.class),
				beans.getBean(DeliveryQueries.class), beans.getBean(DeliveryCommands.class),
				beans.getBean(TargetStates.class));
	}

	/** How many deliveries are in a status. */
	public long count(DeliveryStatus status) {
		return this.queries.countByStatus(null).get(status);
	}

	/** Where the roles come from, e.g. {@code context::getBean}. */
	@FunctionalInterface
	public interface Beans {

		<T> T getBean(Class<T> type);

	}

}
