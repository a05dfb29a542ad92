package dev.webhooks.publish;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.capture.CapturedEntity;
import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.EntityChange;
import dev.webhooks.capture.HttpReceiver;
import dev.webhooks.capture.TransactionBuffer;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.Target;
import dev.webhooks.publish.PeerServers.Peer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.observation.CaptureContext;
import dev.webhooks.observation.WebhooksObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OutboxSinkTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final Instant now = Instant.parse("2026-11-21T10:15:30.123Z");

	private final PeerServers peers = new PeerServers("shop",
			List.of(new Peer("a", "http://a.example/in", List.of()), new Peer("b", "http://b.example/in", List.of())));

	private final RecordingBuffer buffer = new RecordingBuffer();

	private final RecordingObserver observer = new RecordingObserver();

	private final List<List<NewDelivery>> inserted = new ArrayList<>();

	private final AtomicInteger wakeUps = new AtomicInteger();

	private final CapturedEntity tag = CapturedEntity.of(Tag.class, "Tag", "id");

	@Test
	void publishRendersOneEnvelopeAndOneDeliveryPerTargetServer() {
		List<String> ids = sink(CaptureFailurePolicy.FAIL_TRANSACTION).publish(
				new OutgoingMessage("tags.created", "tags", "created", "Tag", 42L,
						Map.of("name", "new", "price", new BigDecimal("10.50"), "day", LocalDate.of(2026, 11, 21)),
						List.of()),
				this.buffer);

		List<NewDelivery> deliveries = this.buffer.deliveries();
		assertThat(deliveries).extracting(NewDelivery::id).containsExactlyElementsOf(ids);
		assertThat(deliveries).extracting(NewDelivery::target).containsExactly(Target.server("a"), Target.server("b"));
		assertThat(deliveries).extracting(NewDelivery::url).containsExactly("http://a.example/in", "http://b.example/in");
		assertThat(deliveries.get(0).id()).isNotEqualTo(deliveries.get(1).id());
		assertThat(deliveries.get(0).payload()).isEqualTo(deliveries.get(1).payload());
		assertThat(deliveries.get(0).entityId()).isEqualTo("42");
		JsonNode body = this.jsonMapper.readTree(deliveries.get(0).payload());
		assertThat(body.get("type").asString()).isEqualTo("tags.created");
		assertThat(body.get("timestamp").asString()).isEqualTo("2026-11-21T10:15:30.123Z");
		assertThat(body.get("source").asString()).isEqualTo("shop");
		assertThat(body.get("topic").asString()).isEqualTo("tags");
		assertThat(body.get("event").asString()).isEqualTo("created");
		assertThat(body.get("entityType").asString()).isEqualTo("Tag");
		assertThat(body.get("entityId").asLong()).isEqualTo(42L);
		assertThat(body.get("data").get("price").decimalValue()).isEqualByComparingTo("10.50");
		assertThat(body.get("data").get("day").asString()).isEqualTo("2026-11-21");
	}

	@Test
	void customEventsUseTheirTypeAsTopicAndEvent() {
		sink(CaptureFailurePolicy.FAIL_TRANSACTION)
			.publish(OutgoingMessage.of("invoice.paid", Map.of("number", "F-1")).servers("a"), this.buffer);

		NewDelivery delivery = this.buffer.deliveries().get(0);
		JsonNode body = this.jsonMapper.readTree(delivery.payload());
		assertThat(body.get("topic").asString()).isEqualTo("invoice.paid");
		assertThat(body.get("event").asString()).isEqualTo("invoice.paid");
		assertThat(body.has("entityType")).isFalse();
		assertThat(delivery.entityType()).isNull();
		assertThat(delivery.eventType()).isEqualTo("invoice.paid");
	}

	@Test
	void theTraceContextATracerWritesWhenTheCaptureStartsIsStoredWithEachDelivery() {
		List<Observation.Context> started = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				started.add(context);
				// what a tracer's propagating handler does when a producer observation starts
				if (context instanceof CaptureContext capture) {
					capture.getSetter().set(capture.getCarrier(), "traceparent", "00-capture");
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		OutboxSink sink = sink(CaptureFailurePolicy.FAIL_TRANSACTION);
		sink.setObservationRegistry(registry);

		List<String> ids = sink.publish(OutgoingMessage.of("invoice.paid", Map.of("number", "F-1")), this.buffer);

		assertThat(this.buffer.deliveries()).hasSize(2)
			.allSatisfy((delivery) -> assertThat(delivery.traceContext()).containsExactly(
					Map.entry("traceparent", "00-capture")));
		assertThat(started).singleElement().satisfies((context) -> {
			assertThat(context.getName()).isEqualTo(WebhooksObservations.CAPTURE);
			assertThat(context.getContextualName()).isEqualTo("capture invoice.paid");
			assertThat(context.getLowCardinalityKeyValue(WebhooksObservations.OUTCOME).getValue()).isEqualTo("captured");
			assertThat(context.getHighCardinalityKeyValue(WebhooksObservations.WEBHOOK_ID).getValue())
				.isEqualTo(String.join(",", ids));
		});
	}

	@Test
	void withoutATracerNoTraceContextIsStored() {
		sink(CaptureFailurePolicy.FAIL_TRANSACTION).publish(OutgoingMessage.of("invoice.paid", Map.of()), this.buffer);

		assertThat(this.buffer.deliveries()).hasSize(2)
			.allSatisfy((delivery) -> assertThat(delivery.traceContext()).isEmpty());
	}

	@Test
	void publishWritesNothingWithoutTargets() {
		OutboxSink sink = new OutboxSink(new PeerServers("shop", List.of()), this.jsonMapper, this::store,
				this.wakeUps::incrementAndGet, clock(), null, this.observer, CaptureFailurePolicy.FAIL_TRANSACTION);

		assertThat(sink.publish(OutgoingMessage.of("x", null), this.buffer)).isEmpty();
		assertThat(this.buffer.batches).isEmpty();
	}

	@Test
	void publishReportsDataThatCannotBeSerialized() {
		// an empty bean is written as {} since Jackson 3, so the data must really fail to serialize
		assertThatExceptionOfType(PayloadSerializationException.class)
			.isThrownBy(() -> sink(CaptureFailurePolicy.STORE_AS_FAILED).publish(OutgoingMessage.of("x",
					new Unreadable()), this.buffer))
			.withMessageContaining(Unreadable.class.getName())
			.withMessageContaining("lazy state not loaded");
		assertThat(this.buffer.batches).isEmpty();
	}

	@Test
	void aCapturedChangeGoesToTheServersWithoutItsExcludedAttributes() {
		sink(CaptureFailurePolicy.FAIL_TRANSACTION).accept(change(ChangeType.CREATED, "new", null), this.buffer);

		List<NewDelivery> deliveries = this.buffer.deliveries();
		assertThat(deliveries).extracting(NewDelivery::target).containsExactly(Target.server("a"), Target.server("b"));
		assertThat(deliveries).extracting(NewDelivery::eventType).containsOnly("tags.created");
		JsonNode body = this.jsonMapper.readTree(deliveries.get(0).payload());
		assertThat(body.get("topic").asString()).isEqualTo("tags");
		assertThat(body.get("data").propertyNames()).containsExactly("id", "name");
		assertThat(this.observer.captured).containsExactly("Tag tags.created 2");
	}

	@Test
	void aChangeOfAnOrderedEntityGoesToEachServerInTheLaneOfThatEntity() {
		CapturedEntity ordered = CapturedEntity.of(OrderedTag.class, "OrderedTag", "id");
		Map<String, @Nullable Object> state = new LinkedHashMap<>();
		state.put("id", 42L);
		sink(CaptureFailurePolicy.FAIL_TRANSACTION)
			.accept(new EntityChange(ordered, ChangeType.UPDATED, 42L, new OrderedTag(), state, null), this.buffer);
		sink(CaptureFailurePolicy.FAIL_TRANSACTION).accept(change(ChangeType.CREATED, "new", null), this.buffer);

		assertThat(this.buffer.deliveries()).extracting(NewDelivery::orderingKey)
			.containsExactly("OrderedTag:42", "OrderedTag:42", null, null);
	}

	@Test
	void aPublishedMessageWithAnOrderingKeyGoesToEachServerInThatLane() {
		sink(CaptureFailurePolicy.FAIL_TRANSACTION)
			.publish(OutgoingMessage.of("invoice.paid", Map.of("number", "F-1")).orderingKey("invoice:F-1"), this.buffer);

		assertThat(this.buffer.deliveries()).extracting(NewDelivery::orderingKey)
			.containsExactly("invoice:F-1", "invoice:F-1");
	}

	@Test
	void anUpdateThatOnlyTouchedExcludedAttributesSendsNothing() {
		OutboxSink sink = sink(CaptureFailurePolicy.FAIL_TRANSACTION);

		sink.accept(change(ChangeType.UPDATED, "new", Set.of("secret")), this.buffer);
		assertThat(this.buffer.batches).isEmpty();

		sink.accept(change(ChangeType.UPDATED, "new", Set.of("secret", "name")), this.buffer);
		assertThat(this.buffer.deliveries()).extracting(NewDelivery::eventType).containsOnly("tags.updated");
	}

	@Test
	void aChangeThatCannotBeSerializedFailsTheTransactionByDefault() {
		OutboxSink sink = sink(CaptureFailurePolicy.FAIL_TRANSACTION);

		assertThatExceptionOfType(PayloadSerializationException.class)
			.isThrownBy(() -> sink.accept(change(ChangeType.CREATED, new Unreadable(), null), this.buffer))
			.withMessageContaining("lazy state not loaded");
		assertThat(this.buffer.batches).isEmpty();
		assertThat(this.observer.failed).containsExactly("Tag tags.created");
	}

	@Test
	void aChangeThatCannotBeSerializedIsStoredAsFailedWhenThePolicySaysSo() {
		sink(CaptureFailurePolicy.STORE_AS_FAILED).accept(change(ChangeType.CREATED, new Unreadable(), null),
				this.buffer);

		List<NewDelivery> deliveries = this.buffer.deliveries();
		assertThat(deliveries).extracting(NewDelivery::target).containsExactly(Target.server("a"), Target.server("b"));
		assertThat(deliveries).allSatisfy((delivery) -> {
			assertThat(delivery.payload()).isEmpty();
			assertThat(delivery.failure())
				.isEqualTo("Could not serialize the state of Tag 42 as JSON: lazy state not loaded");
			assertThat(delivery.entityId()).isEqualTo("42");
		});
		assertThat(this.observer.failed).containsExactly("Tag tags.created", "Tag tags.created");
		assertThat(this.observer.captured).isEmpty();
	}

	@Test
	void theOutboxBatchInsertsBeforeTheCommitAndWakesTheDispatcherAfterIt() throws Exception {
		OutboxSink sink = sink(CaptureFailurePolicy.FAIL_TRANSACTION);
		sink.accept(change(ChangeType.CREATED, "new", null), this.buffer);
		sink.accept(change(ChangeType.DELETED, "new", null), this.buffer);
		assertThat(this.buffer.batches).hasSize(1);
		assertThat(this.inserted).isEmpty();

		@SuppressWarnings("unchecked")
		TransactionBuffer.Batch<NewDelivery> batch = (TransactionBuffer.Batch<NewDelivery>) this.buffer.batches
			.keySet()
			.iterator()
			.next();
		batch.beforeCommit(null, this.buffer.deliveries());
		assertThat(this.inserted).hasSize(1);
		assertThat(this.inserted.get(0)).hasSize(4);
		assertThat(this.wakeUps).hasValue(0);
		batch.afterCommit(this.buffer.deliveries());
		assertThat(this.wakeUps).hasValue(1);
	}

	@Test
	void wantsAnnotatedEntitiesForTheEventsTheyCaptureOnly() {
		OutboxSink sink = sink(CaptureFailurePolicy.FAIL_TRANSACTION);

		assertThat(sink.wants(this.tag, ChangeType.CREATED)).isTrue();
		assertThat(sink.wants(this.tag, ChangeType.UPDATED)).isTrue();
		assertThat(sink.wants(CapturedEntity.of(Unreadable.class, "Unreadable", "id"), ChangeType.CREATED))
			.as("no @HttpReceiver and no hooks")
			.isFalse();
	}

	private OutboxSink sink(CaptureFailurePolicy failurePolicy) {
		return new OutboxSink(this.peers, this.jsonMapper, this::store, this.wakeUps::incrementAndGet, clock(), null,
				this.observer, failurePolicy);
	}

	private Clock clock() {
		return Clock.fixed(this.now, ZoneOffset.UTC);
	}

	private EntityChange change(ChangeType type, Object name, @Nullable Set<String> changed) {
		Map<String, @Nullable Object> state = new LinkedHashMap<>();
		state.put("id", 42L);
		state.put("name", name);
		state.put("secret", "s3cr3t");
		return new EntityChange(this.tag, type, 42L, new Tag(), state, changed);
	}

	// records what the sink writes
	private OutboxWriter store() {
		return (connection, deliveries) -> this.inserted.add(List.copyOf(deliveries));
	}

	@HttpReceiver(value = "tags", exclude = "secret")
	static final class Tag {

	}

	@HttpReceiver(value = "ordered-tags", ordered = true)
	static final class OrderedTag {

	}

	static final class Unreadable {

		public String getState() {
			throw new IllegalStateException("lazy state not loaded");
		}

	}

	/** Keeps what the sink buffers, by batch, as a transaction would until it completes. */
	static final class RecordingBuffer implements TransactionBuffer {

		final Map<Batch<?>, List<Object>> batches = new LinkedHashMap<>();

		@Override
		public <T> void add(Batch<T> batch, List<? extends T> items) {
			this.batches.computeIfAbsent(batch, (key) -> new ArrayList<>()).addAll(items);
		}

		List<NewDelivery> deliveries() {
			List<NewDelivery> deliveries = new ArrayList<>();
			this.batches.values().forEach((items) -> items.forEach((item) -> deliveries.add((NewDelivery) item)));
			return deliveries;
		}

	}

	static final class RecordingObserver implements CaptureObserver {

		final List<String> captured = new ArrayList<>();

		final List<String> failed = new ArrayList<>();

		@Override
		public void captured(String entityType, String eventType, int deliveries) {
			this.captured.add(entityType + " " + eventType + " " + deliveries);
		}

		@Override
		public void captureFailed(String entityType, String eventType, Throwable cause) {
			this.failed.add(entityType + " " + eventType);
		}

	}

}
