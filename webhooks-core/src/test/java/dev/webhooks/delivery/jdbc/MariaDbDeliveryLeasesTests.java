package dev.webhooks.delivery.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox contract on MariaDB, whose {@code DATETIME(6)} columns hold UTC. */
class MariaDbDeliveryLeasesTests extends AbstractDeliveryLeasesContractTests {

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.MARIADB;
	}

	@Override
	protected String utcText(String column) {
		return "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')";
	}

	@Test
	void completeIgnoresAnOwnerWhoseLeaseWasTakenOverEvenWhenTheDriverWithholdsBatchCounts() {
		String url = this.database.jdbcUrl();
		try (HikariDataSource bulk = pool("bulk", 2, url + (url.contains("?") ? "&" : "?") + "useBulkStmts=true")) {
			JdbcOutbox store = JdbcOutbox.of(bulk, JSON);
			insert(bulk, delivery("d1", NOW), delivery("d2", NOW));
			store.leases().claim("dispatcher-a", NOW, LEASE, 2);
			Instant expired = NOW.plus(LEASE);
			assertThat(store.leases().claim("dispatcher-b", expired, LEASE, 1)).extracting(Delivery::id).containsExactly("d1");
			List<DeliveryOutcome> outcomes = List.of(
					new DeliveryOutcome(new DeliveryAttempt("d1", 1, NOW, Duration.ofSeconds(31), 200, "ok", null),
							"dispatcher-a", DeliveryStatus.SUCCEEDED, null),
					new DeliveryOutcome(new DeliveryAttempt("d2", 1, NOW, Duration.ofSeconds(31), 200, "ok", null),
							"dispatcher-a", DeliveryStatus.SUCCEEDED, null));
			assertThat(store.leases().complete(outcomes, expired)).isEqualTo(1);
			assertThat(store.queries().attempts("d1")).isEmpty();
			assertThat(store.queries().find("d1").orElseThrow().leaseOwner()).isEqualTo("dispatcher-b");
			assertThat(store.queries().attempts("d2")).hasSize(1);
		}
	}

}
