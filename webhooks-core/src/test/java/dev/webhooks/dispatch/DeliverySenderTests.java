package dev.webhooks.dispatch;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.observation.DispatchContext;
import dev.webhooks.observation.RequestContext;
import dev.webhooks.observation.WebhooksObservations;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeliverySenderTests {

	private static final WebhookSecret SECRET = WebhookSecret.parse(WebhookSecret.generate());

	private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final DispatcherSettings SETTINGS = DispatcherSettings.defaults("shop").withLeaseOwner("me");

	private static final RetryPolicy THREE_ATTEMPTS_A_MINUTE_APART = new RetryPolicy() {

		@Override
		public Optional<Duration> nextDelay(int attemptNumber, @Nullable Duration retryAfter) {
			return (attemptNumber < 3) ? Optional.of(Duration.ofMinutes(1)) : Optional.empty();
		}

		@Override
		public int maxAttempts() {
			return 3;
		}

	};

	private final FakeTransport transport = new FakeTransport();

	private final RecordingListener listener = new RecordingListener();

	private final AtomicBoolean stopping = new AtomicBoolean();

	private EndpointResolver resolver = (delivery) -> Optional
		.of(new Endpoint("https://crm.example.com/in", List.of(SECRET), Map.of("X-Endpoint", "e1")));

	@Test
	void aSuccessIsWrittenAsSucceededAndHeardAfterItIsQueued() {
		this.transport.answer = new TransportResponse(204, null, "");

		DeliverySender.Result result = sender().send(delivery(1, NOW.plusSeconds(120)));

		DeliveryOutcome outcome = outcomeOf(result);
		assertThat(outcome.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
		assertThat(outcome.leaseOwner()).isEqualTo("me");
		assertThat(outcome.attempt().statusCode()).isEqualTo(204);
		assertThat(this.transport.sent).singleElement()
			.satisfies((request) -> assertThat(request.headers()).containsEntry("x-endpoint", "e1")
				.containsEntry("webhook-id", "msg_1"));
		assertThat(this.listener.heard).isEmpty();
		result.listenerCall().run();
		assertThat(this.listener.heard).containsExactly("succeeded msg_1");
	}

	@Test
	void aGoneTargetFailsForGoodWithoutAnotherAttempt() {
		this.transport.answer = new TransportResponse(410, null, "no such hook");

		DeliverySender.Result result = sender().send(delivery(1, NOW.plusSeconds(120)));

		DeliveryOutcome outcome = outcomeOf(result);
		assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(outcome.nextAttemptAt()).isNull();
		assertThat(outcome.attempt().statusCode()).isEqualTo(410);
		assertThat(outcome.attempt().responseExcerpt()).isEqualTo("no such hook");
		assertThat(outcome.attempt().error()).isEqualTo("HTTP 410: target gone");
		result.listenerCall().run();
		assertThat(this.listener.heard).containsExactly("failed msg_1");
	}

	@Test
	void anIOExceptionIsRetriedAfterThePolicysDelay() {
		this.transport.failure = new ConnectException("Connection refused");

		DeliverySender.Result result = sender().send(delivery(1, NOW.plusSeconds(120)));

		DeliveryOutcome outcome = outcomeOf(result);
		assertThat(outcome.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(outcome.nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
		assertThat(outcome.attempt().statusCode()).isNull();
		assertThat(outcome.attempt().error()).contains("Connection refused");
		result.listenerCall().run();
		assertThat(this.listener.heard).containsExactly("retry msg_1 at " + NOW.plus(Duration.ofMinutes(1)));
	}

	@Test
	void theLastAttemptFailingFailsTheDelivery() {
		this.transport.failure = new IOException("reset");

		DeliveryOutcome outcome = outcomeOf(sender().send(delivery(3, NOW.plusSeconds(120))));

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(outcome.attempt().attemptNumber()).isEqualTo(3);
	}

	@Test
	void aDeliveryWithNoAttemptsLeftFailsUnsent() {
		DeliveryOutcome outcome = outcomeOf(sender().send(delivery(4, NOW.plusSeconds(120))));

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(outcome.attempt().error()).isEqualTo("no attempts left: attempt 4 of at most 3");
		assertThat(outcome.attempt().duration()).isZero();
		assertThat(this.transport.sent).isEmpty();
	}

	@Test
	void anUnknownTargetFailsUnsent() {
		this.resolver = (delivery) -> Optional.empty();

		DeliveryOutcome outcome = outcomeOf(sender().send(delivery(1, NOW.plusSeconds(120))));

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(outcome.attempt().error()).isEqualTo("unknown target 'crm'");
		assertThat(this.transport.sent).isEmpty();
	}

	@Test
	void aTargetWithoutSecretFailsUnsent() {
		this.resolver = (delivery) -> Optional.of(new Endpoint("https://crm.example.com/in", List.of(), Map.of()));

		DeliveryOutcome outcome = outcomeOf(sender().send(delivery(1, NOW.plusSeconds(120))));

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
		assertThat(outcome.attempt().error()).isEqualTo("no signing secret for target 'crm'");
		assertThat(this.transport.sent).isEmpty();
	}

	@Test
	void aFailingResolverBecomesAnOutcomeRatherThanAnException() {
		this.resolver = (delivery) -> {
			throw new IllegalStateException("registry broken");
		};

		DeliveryOutcome outcome = outcomeOf(sender().send(delivery(1, NOW.plusSeconds(120))));

		assertThat(outcome.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(outcome.attempt().error()).contains("registry broken");
	}

	@Test
	void nothingStartsWhileStopping() {
		this.stopping.set(true);

		DeliverySender.Result result = sender().send(delivery(1, NOW.plusSeconds(120)));

		assertThat(result.kind()).isEqualTo(DeliverySender.Result.Kind.NOT_STARTED);
		assertThat(result.outcome()).isNull();
		assertThat(this.transport.sent).isEmpty();
	}

	@Test
	void aLeaseEndingBeforeTheLongestCallCouldIsGivenBackUnsent() {
		this.transport.maxCall = Duration.ofSeconds(30);

		DeliverySender.Result result = sender().send(delivery(1, NOW.plusSeconds(20)));

		assertThat(result.kind()).isEqualTo(DeliverySender.Result.Kind.GIVE_BACK);
		assertThat(this.transport.sent).isEmpty();
	}

	@Test
	void aLeaseNotOutlastingTheLongestCallIsRefused() {
		this.transport.maxCall = SETTINGS.leaseDuration();

		assertThatIllegalArgumentException().isThrownBy(this::sender).withMessageContaining("leaseDuration");
	}

	@Test
	void aFailingListenerIsIgnored() {
		this.transport.answer = new TransportResponse(200, null, "");
		DeliveryListener failing = new DeliveryListener() {

			@Override
			public void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
				throw new IllegalStateException("listener broken");
			}

		};
		DeliverySender sender = new DeliverySender(this.resolver, this.transport,
				WebhookRequests.of(SETTINGS, new WebhookSigner(), CLOCK),
				new OutcomeRule(THREE_ATTEMPTS_A_MINUTE_APART), SETTINGS, CLOCK, failing, this.stopping::get);

		sender.send(delivery(1, NOW.plusSeconds(120))).listenerCall().run();
	}

	@Test
	void anAttemptContinuesTheStoredTraceAndItsRequestCarriesTheTracersHeaders() {
		this.transport.answer = new TransportResponse(503, null, "");
		Map<String, String> stored = Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		List<Observation.Context> started = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				started.add(context);
				// what a tracer's propagating handler does when an HTTP client observation starts
				if (context instanceof RequestContext request) {
					request.getSetter().set(request.getCarrier(), "traceparent", "00-child");
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		DeliverySender sender = sender();
		sender.observationRegistry(registry);

		Delivery delivery = delivery(2, NOW.plusSeconds(120));
		sender.send(new Delivery(delivery.id(), delivery.target(), delivery.url(), delivery.httpMethod(),
				delivery.headers(), delivery.eventType(), null, null, delivery.payload(), delivery.status(),
				delivery.attemptCount(), delivery.nextAttemptAt(), delivery.leaseOwner(), delivery.leaseExpiresAt(),
				null, null, NOW, NOW, null, stored));

		assertThat(started).hasSize(2);
		DispatchContext attempt = (DispatchContext) started.get(0);
		assertThat(attempt.getCarrier()).as("the trace context stored at capture").isEqualTo(stored);
		assertThat(attempt.getContextualName()).isEqualTo("deliver customer.created");
		assertThat(attempt.getLowCardinalityKeyValue(WebhooksObservations.OUTCOME).getValue()).isEqualTo("retried");
		assertThat(attempt.getLowCardinalityKeyValue(WebhooksObservations.TARGET).getValue()).isEqualTo("crm");
		assertThat(attempt.getHighCardinalityKeyValue(WebhooksObservations.WEBHOOK_ID).getValue()).isEqualTo("msg_1");
		assertThat(attempt.getHighCardinalityKeyValue(WebhooksObservations.ATTEMPT).getValue()).isEqualTo("2");
		RequestContext request = (RequestContext) started.get(1);
		assertThat(request.getParentObservation().getContextView()).isSameAs(attempt);
		assertThat(request.getLowCardinalityKeyValue(WebhooksObservations.STATUS_CLASS).getValue()).isEqualTo("5xx");
		assertThat(this.transport.sent).singleElement()
			.satisfies((sent) -> assertThat(sent.headers()).containsEntry("traceparent", "00-child")
				.containsEntry("webhook-id", "msg_1"));
	}

	@Test
	void withoutAnObservationRegistryNoTraceHeaderIsSent() {
		this.transport.answer = new TransportResponse(204, null, "");

		sender().send(delivery(1, NOW.plusSeconds(120)));

		assertThat(this.transport.sent).singleElement()
			.satisfies((sent) -> assertThat(sent.headers()).doesNotContainKey("traceparent"));
	}

	private DeliverySender sender() {
		return new DeliverySender(this.resolver, this.transport,
				WebhookRequests.of(SETTINGS, new WebhookSigner(), CLOCK),
				new OutcomeRule(THREE_ATTEMPTS_A_MINUTE_APART), SETTINGS, CLOCK, this.listener, this.stopping::get);
	}

	private static DeliveryOutcome outcomeOf(DeliverySender.Result result) {
		assertThat(result.kind()).isEqualTo(DeliverySender.Result.Kind.WRITE_OUTCOME);
		assertThat(result.outcome()).isNotNull();
		return result.outcome();
	}

	private static Delivery delivery(int attemptCount, Instant leaseExpiresAt) {
		return new Delivery("msg_1", Target.server("crm"), "https://ignored.example.com", "POST", Map.of(), "customer.created", null,
				null, "{\"id\":1}", DeliveryStatus.IN_FLIGHT, attemptCount, NOW, "me", leaseExpiresAt, null, null, NOW,
				NOW, null);
	}

	private static final class FakeTransport implements WebhookTransport {

		final List<WebhookRequest> sent = new ArrayList<>();

		TransportResponse answer = new TransportResponse(200, null, "");

		@Nullable IOException failure;

		@Nullable Duration maxCall;

		@Override
		public TransportResponse send(WebhookRequest request) throws IOException {
			this.sent.add(request);
			if (this.failure != null) {
				throw this.failure;
			}
			return this.answer;
		}

		@Override
		public Optional<Duration> maxCallDuration() {
			return Optional.ofNullable(this.maxCall);
		}

	}

	private static final class RecordingListener implements DeliveryListener {

		final List<String> heard = new ArrayList<>();

		@Override
		public void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
			this.heard.add("succeeded " + delivery.id());
		}

		@Override
		public void attemptFailed(Delivery delivery, DeliveryAttempt attempt, Instant nextAttemptAt) {
			this.heard.add("retry " + delivery.id() + " at " + nextAttemptAt);
		}

		@Override
		public void deliveryFailed(Delivery delivery, DeliveryAttempt attempt) {
			this.heard.add("failed " + delivery.id());
		}

	}

}
