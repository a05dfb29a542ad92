package dev.webhooks.dispatch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.DeliveryOutcome;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.observation.DispatchContext;
import dev.webhooks.observation.RequestContext;
import dev.webhooks.observation.WebhooksObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Makes one attempt of one claimed delivery, on the caller's thread: resolves its endpoint, checks that it may be
 * sent, sends the signed request, and lets the {@link OutcomeRule} decide the outcome. It writes nothing: it says
 * what happened, and the dispatcher routes that.
 */
final class DeliverySender {

	/** The most a send may need beyond the transport's longest call (signing, handing the request over). */
	private static final Duration MAX_SEND_MARGIN = Duration.ofSeconds(1);

	private final Logger logger;

	private final EndpointResolver endpointResolver;

	private final WebhookTransport transport;

	private final WebhookRequests requests;

	private final OutcomeRule outcomeRule;

	private final String leaseOwner;

	private final Clock clock;

	private final DeliveryListener listener;

	private final BooleanSupplier stopping;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/** The lease a claimed delivery must have left to be sent; null when calls are unbounded. */
	private final @Nullable Duration leaseNeededToSend;

	/**
	 * @param stopping whether the dispatcher is stopping, so that no new send starts
	 * @throws IllegalArgumentException when the lease does not outlast the transport's longest call
	 */
	DeliverySender(EndpointResolver endpointResolver, WebhookTransport transport, WebhookRequests requests,
			OutcomeRule outcomeRule, DispatcherSettings settings, Clock clock, DeliveryListener listener,
			BooleanSupplier stopping) {
		this.endpointResolver = Objects.requireNonNull(endpointResolver, "endpointResolver");
		this.transport = Objects.requireNonNull(transport, "transport");
		this.requests = Objects.requireNonNull(requests, "requests");
		this.outcomeRule = Objects.requireNonNull(outcomeRule, "outcomeRule");
		this.leaseOwner = settings.leaseOwner();
		this.clock = Objects.requireNonNull(clock, "clock");
		this.listener = Objects.requireNonNull(listener, "listener");
		this.stopping = Objects.requireNonNull(stopping, "stopping");
		this.logger = LoggerFactory.getLogger(settings.loggerName());
		Optional<Duration> longestCall = transport.maxCallDuration();
		if (longestCall.isPresent() && settings.leaseDuration().compareTo(longestCall.get()) <= 0) {
			throw new IllegalArgumentException("leaseDuration (" + settings.leaseDuration()
					+ ") must be longer than the transport's longest call (" + longestCall.get()
					+ "), or another dispatcher may send a delivery again while it is still being sent;"
					+ " raise leaseDuration or lower the HTTP call timeout");
		}
		// a margin below half the spare lease, so that a fresh claim is always sent rather than given back
		this.leaseNeededToSend = longestCall.map((call) -> {
			Duration halfSpare = settings.leaseDuration().minus(call).dividedBy(2);
			return call.plus((halfSpare.compareTo(MAX_SEND_MARGIN) < 0) ? halfSpare : MAX_SEND_MARGIN);
		}).orElse(null);
	}

	void observationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
	}

	/**
	 * Attempts the delivery. Never throws a runtime exception: a bug or a failing resolver must not strand the
	 * delivery until its lease expires, so it becomes a decided outcome too.
	 */
	Result send(Delivery delivery) {
		ObservationRegistry registry = this.observationRegistry;
		Observation observation = DispatchContext.start(registry, delivery);
		Result result;
		try (Observation.Scope scope = observation.openScope()) {
			result = attempt(delivery, registry, observation);
		}
		catch (RuntimeException ex) {
			this.logger.warn("Attempt of delivery {} failed unexpectedly", delivery.id(), ex);
			observation.error(ex);
			Instant now = this.clock.instant();
			result = settle(delivery, now, 0, null, null,
					this.outcomeRule.ofUnexpected(delivery.attemptCount(), ex, now));
		}
		if (!observation.isNoop()) {
			observation.lowCardinalityKeyValue(WebhooksObservations.OUTCOME, result.observedOutcome());
		}
		observation.stop();
		return result;
	}

	private Result attempt(Delivery delivery, ObservationRegistry registry, Observation observation) {
		int attemptNumber = delivery.attemptCount();
		Instant startedAt = this.clock.instant();
		if (attemptNumber > this.outcomeRule.maxAttempts()) {
			// earlier attempts were claimed but never completed (a dispatcher died mid-send): the budget is spent
			return fail(delivery, unsent(delivery, startedAt,
					"no attempts left: attempt " + attemptNumber + " of at most " + this.outcomeRule.maxAttempts()));
		}
		Optional<Endpoint> resolved = this.endpointResolver.resolve(delivery);
		if (resolved.isEmpty()) {
			return fail(delivery, unsent(delivery, startedAt, "unknown target '" + delivery.target() + "'"));
		}
		if (resolved.get().secrets().isEmpty()) {
			// unsigned webhooks are never sent: a receiver could not tell them from forged ones
			return fail(delivery,
					unsent(delivery, startedAt, "no signing secret for target '" + delivery.target() + "'"));
		}
		if (this.stopping.getAsBoolean()) {
			return Result.NOT_STARTED;
		}
		if (!leaseOutlastsCall(delivery)) {
			this.logger.debug("Delivery {} waited too long for a worker: its lease ends at {}, too soon to send it",
					delivery.id(), delivery.leaseExpiresAt());
			return Result.GIVE_BACK;
		}
		WebhookRequest request = this.requests.create(delivery, resolved.get());
		Observation http = RequestContext.start(registry, observation, request.method(), request.url(),
				delivery.target().value(), delivery.id());
		request = request.withHeaders(RequestContext.propagationHeaders(http));
		long start = System.nanoTime();
		TransportResponse response;
		try {
			response = this.transport.send(request);
		}
		catch (IOException ex) {
			long elapsed = System.nanoTime() - start;
			RequestContext.responded(http, null);
			http.error(ex);
			http.stop();
			Instant now = this.clock.instant();
			return settle(delivery, startedAt, elapsed, null, null,
					this.outcomeRule.ofException(attemptNumber, ex, now));
		}
		catch (RuntimeException ex) {
			http.error(ex);
			http.stop();
			throw ex;
		}
		long elapsed = System.nanoTime() - start;
		RequestContext.responded(http, response.statusCode());
		http.stop();
		String excerpt = truncate(response.bodyExcerpt(), DeliveryAttempt.MAX_RESPONSE_EXCERPT);
		return settle(delivery, startedAt, elapsed, response.statusCode(), excerpt,
				this.outcomeRule.ofResponse(attemptNumber, response, this.clock.instant()));
	}

	/** The outcome the rule decided, and what to tell the listener. */
	private Result settle(Delivery delivery, Instant startedAt, long elapsedNanos, @Nullable Integer statusCode,
			@Nullable String excerpt, OutcomeRule.Decision decision) {
		int attemptNumber = delivery.attemptCount();
		DeliveryAttempt attempt = new DeliveryAttempt(delivery.id(), attemptNumber, startedAt,
				Duration.ofNanos(elapsedNanos), statusCode, excerpt,
				truncate(decision.error(), DeliveryAttempt.MAX_ERROR));
		return switch (decision.kind()) {
			case SUCCEEDED -> {
				this.logger.debug("Delivery {} succeeded with HTTP {} (attempt {})", delivery.id(), statusCode,
						attemptNumber);
				yield Result.write(new DeliveryOutcome(attempt, this.leaseOwner, DeliveryStatus.SUCCEEDED, null),
						() -> notify(() -> this.listener.attemptSucceeded(delivery, attempt)));
			}
			case RETRY -> {
				Instant nextAttemptAt = Objects.requireNonNull(decision.nextAttemptAt());
				this.logger.debug("Delivery {} attempt {} failed ({}); next attempt at {}", delivery.id(),
						attemptNumber, attempt.error(), nextAttemptAt);
				yield Result.write(
						new DeliveryOutcome(attempt, this.leaseOwner, DeliveryStatus.PENDING, nextAttemptAt),
						() -> notify(() -> this.listener.attemptFailed(delivery, attempt, nextAttemptAt)));
			}
			case FAILED, TARGET_GONE -> fail(delivery, attempt);
		};
	}

	private Result fail(Delivery delivery, DeliveryAttempt attempt) {
		DeliveryAttempt capped = new DeliveryAttempt(attempt.deliveryId(), attempt.attemptNumber(),
				attempt.startedAt(), attempt.duration(), attempt.statusCode(), attempt.responseExcerpt(),
				truncate(attempt.error(), DeliveryAttempt.MAX_ERROR));
		this.logger.warn("Delivery {} (event {}, target '{}') failed for good after {} attempt(s): {}", delivery.id(),
				delivery.eventType(), delivery.target(), capped.attemptNumber(), capped.error());
		return Result.write(new DeliveryOutcome(capped, this.leaseOwner, DeliveryStatus.FAILED, null),
				() -> notify(() -> this.listener.deliveryFailed(delivery, capped)));
	}

	/** An attempt that sent nothing. */
	private static DeliveryAttempt unsent(Delivery delivery, Instant startedAt, String error) {
		return new DeliveryAttempt(delivery.id(), delivery.attemptCount(), startedAt, Duration.ZERO, null, null, error);
	}

	/** Whether the call can end before the delivery's lease does, so no other dispatcher may take it over mid-send. */
	private boolean leaseOutlastsCall(Delivery delivery) {
		Duration needed = this.leaseNeededToSend;
		Instant leaseExpiresAt = delivery.leaseExpiresAt();
		return needed == null || leaseExpiresAt == null
				|| !this.clock.instant().plus(needed).isAfter(leaseExpiresAt);
	}

	private void notify(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException ex) {
			this.logger.warn("Delivery listener failed", ex);
		}
	}

	private static @Nullable String truncate(@Nullable String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max);
	}

	/**
	 * What became of a claimed delivery.
	 *
	 * @param kind what the dispatcher has to do with it
	 * @param outcome the outcome to write, for {@link Kind#WRITE_OUTCOME}
	 * @param listenerCall tells the listener about the outcome; run once the outcome is queued for writing, so that
	 * a slow listener does not hold the write back
	 */
	record Result(Kind kind, @Nullable DeliveryOutcome outcome, Runnable listenerCall) {

		/** What the attempt's observation says came of it. */
		String observedOutcome() {
			if (this.kind == Kind.GIVE_BACK) {
				return "given-back";
			}
			if (this.kind == Kind.NOT_STARTED || this.outcome == null) {
				return "not-started";
			}
			return switch (this.outcome.status()) {
				case SUCCEEDED -> "succeeded";
				case PENDING -> "retried";
				default -> "failed";
			};
		}

		/** The lease was too short to send it: give it back unsent, to be claimed again with a fresh lease. */
		static final Result GIVE_BACK = new Result(Kind.GIVE_BACK, null, () -> {
		});

		/** The dispatcher is stopping: it was not sent, and is released on stop. */
		static final Result NOT_STARTED = new Result(Kind.NOT_STARTED, null, () -> {
		});

		static Result write(DeliveryOutcome outcome, Runnable listenerCall) {
			return new Result(Kind.WRITE_OUTCOME, outcome, listenerCall);
		}

		enum Kind {

			WRITE_OUTCOME, GIVE_BACK, NOT_STARTED

		}

	}

}
