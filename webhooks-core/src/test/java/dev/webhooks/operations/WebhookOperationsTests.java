package dev.webhooks.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.testing.OutboxDatabaseTests;
import dev.webhooks.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The operations on H2: what they check and how they act on the outbox. */
class WebhookOperationsTests extends OutboxDatabaseTests {

	private static final Instant NOW = Instant.parse("2026-03-29T10:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final AtomicInteger wakeUps = new AtomicInteger();

	private WebhookOperations operations;

	@Override
	protected TestDatabase.Kind kind() {
		return TestDatabase.Kind.H2;
	}

	@BeforeEach
	void emptyOutbox() {
		this.database.emptyOutbox();
		this.wakeUps.set(0);
		this.operations = new WebhookOperations(this.store.queries(), this.store.commands(), this.store.targets(),
				this.clock, new WebhookOperations.Settings(Duration.ofDays(30), 2, Duration.ofHours(24), 20),
				this.wakeUps::incrementAndGet);
	}

	@Test
	void retryByHookActsOnTheHooksTargetAndWakesTheDispatcher() {
		insert(failed("h", "hook:7", NOW), failed("s", "billing", NOW));
		OperationReport.Changed report = this.operations.retry(arguments(Map.of("hook", "7")));
		assertThat(report).isEqualTo(new OperationReport.Changed("retry", 1));
		assertThat(report.summary()).isEqualTo("retry: 1 deliveries");
		assertThat(this.store.queries().find("h").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(this.wakeUps).hasValue(1);
		this.operations.retry(arguments(Map.of("hook", "7")));
		assertThat(this.wakeUps).as("nothing became due").hasValue(1);
	}

	@Test
	void targetAndHookTogetherAreRefused() {
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> this.operations.retry(arguments(Map.of("hook", "7", "target", "billing"))))
			.withMessageContaining("target or hook, not both");
	}

	@Test
	void aTargetWithTheHookPrefixButNoHookIdIsRefused() {
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> this.operations.retry(arguments(Map.of("target", "hook:"))))
			.withMessage("target 'hook:' has no hook id after 'hook:'");
	}

	@Test
	void retryRefusesStatusesItCannotActOn() {
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> this.operations.retry(arguments(Map.of("status", "PENDING"))))
			.withMessage("retry takes status FAILED or CANCELLED, not PENDING");
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> this.operations.sendNow(arguments(Map.of("status", "FAILED"))))
			.withMessage("send-now acts on PENDING deliveries, not FAILED");
	}

	@Test
	void cancelWithoutAnyFilterNeedsAll() {
		insert(pending("p", "billing", NOW));
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> this.operations.cancel(OperationArguments.none()))
			.withMessageContaining("all=true");
		assertThat(this.operations.cancel(arguments(Map.of("all", "true"))).deliveries()).isEqualTo(1);
	}

	@Test
	void monitorReachesTheLimitAtTheLimitAndCountsOnlyTheLastMinutesWhenAsked() {
		insert(failed("a", "billing", NOW.minusSeconds(3600)), failed("b", "billing", NOW.minusSeconds(60)));
		OperationReport.Monitored all = this.operations.monitor(arguments(Map.of("status", "error", "limit", "2")));
		assertThat(all.count()).isEqualTo(2);
		assertThat(all.limitReached()).isTrue();
		assertThat(all.summary()).isEqualTo("monitor: 2 FAILED deliveries, limit 2: LIMIT REACHED");
		OperationReport.Monitored recent = this.operations
			.monitor(arguments(Map.of("status", "FAILED", "limit", "2", "minutes", "10")));
		assertThat(recent.count()).isEqualTo(1);
		assertThat(recent.createdFrom()).isEqualTo(NOW.minusSeconds(600));
		assertThat(recent.limitReached()).isFalse();
		assertThat(this.operations.monitor(arguments(Map.of("status", "waiting"))).limit()).isEqualTo(10);
	}

	@Test
	void purgeRunsBatchesUntilOneComesBackShort() {
		insert(failed("a", "billing", NOW.minus(Duration.ofDays(40))),
				failed("b", "billing", NOW.minus(Duration.ofDays(35))),
				failed("c", "billing", NOW.minus(Duration.ofDays(31))),
				failed("d", "billing", NOW.minus(Duration.ofDays(2))));
		OperationReport.Purged purged = this.operations.purge(OperationArguments.none());
		assertThat(purged.deliveries()).isEqualTo(3);
		assertThat(purged.batches()).isEqualTo(2);
		assertThat(purged.completedBefore()).isEqualTo(NOW.minus(Duration.ofDays(30)));
		assertThat(this.operations.purge(arguments(Map.of("older-than-days", "1"))).deliveries()).isEqualTo(1);
	}

	@Test
	void operationsAreFoundByTheirNames() {
		assertThat(WebhookOperation.of("send_now")).isEqualTo(WebhookOperation.SEND_NOW);
		assertThat(WebhookOperation.of(" Purge ")).isEqualTo(WebhookOperation.PURGE);
		assertThatExceptionOfType(InvalidOperationException.class).isThrownBy(() -> WebhookOperation.of("resend"))
			.withMessage("Unknown operation 'resend'; use one of retry, send-now, cancel, monitor, purge, stats,"
					+ " enable-target, disable-target");
	}

	@Test
	void argumentsAreReadFromTextAndNameTheOneThatCannotBe() {
		OperationArguments arguments = arguments(Map.of("ids", " a, b ,,c", "from", "PT2H", "entity-type", "Invoice"));
		assertThat(arguments.ids()).containsExactly("a", "b", "c");
		assertThat(arguments.from()).isEqualTo(NOW.minus(Duration.ofHours(2)));
		assertThat(arguments.entityType()).isEqualTo("Invoice");
		assertThat(arguments(Map.of("from", "2026-03-01T00:00:00Z")).from())
			.isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> arguments(Map.of("from", "yesterday")))
			.withMessageStartingWith("from 'yesterday' is neither");
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> arguments(Map.of("limit", "ten")))
			.withMessage("limit 'ten' is not a whole number");
		assertThatExceptionOfType(InvalidOperationException.class)
			.isThrownBy(() -> arguments(Map.of("older-than-days", "-1")))
			.withMessage("older-than-days must not be negative, got -1");
	}

	private OperationArguments arguments(Map<String, String> values) {
		return OperationArguments.parse(values::get, NOW);
	}

	private void insert(NewDelivery... deliveries) {
		write(List.of(deliveries));
	}

	private static NewDelivery pending(String id, String target, Instant createdAt) {
		return new NewDelivery(id, Target.parse(target), "https://example.com", "POST", Map.of(), "invoice.paid", null, null, "{}",
				createdAt);
	}

	private static NewDelivery failed(String id, String target, Instant createdAt) {
		return new NewDelivery(id, Target.parse(target), "https://example.com", "POST", Map.of(), "invoice.paid", null, null, "{}",
				createdAt, "HTTP 500");
	}

}
