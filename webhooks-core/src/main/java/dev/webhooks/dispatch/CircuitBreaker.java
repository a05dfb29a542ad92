package dev.webhooks.dispatch;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One target's circuit: closed while its calls mostly succeed; open once the share of failed calls in the window
 * reaches the threshold (with at least the minimum of calls), when no call is made; after the cool-down, half-open:
 * one probe goes through, and its success closes the circuit while its failure opens it for another cool-down.
 * Calls are counted in one-second buckets, so the window costs the same at any rate. Not thread-safe: its lane
 * guards it.
 */
final class CircuitBreaker {

	private final BreakerSettings settings;

	private final long[] bucketSecond;

	private final int[] calls;

	private final int[] failures;

	private State state = State.CLOSED;

	/** When an open circuit lets its probe through. */
	private @Nullable Instant openUntil;

	/** Whether the half-open circuit's probe is in flight. */
	private boolean probing;

	private double lastFailureRate;

	CircuitBreaker(BreakerSettings settings) {
		this.settings = settings;
		int buckets = (int) Math.max(1, Math.min(3600, ceilSeconds(settings.window())));
		this.bucketSecond = new long[buckets];
		this.calls = new int[buckets];
		this.failures = new int[buckets];
		java.util.Arrays.fill(this.bucketSecond, Long.MIN_VALUE);
	}

	/**
	 * Whether a call may be made now: {@link Permission#call()}, the {@link Permission#probe()} of a half-open
	 * circuit, or not before {@link Permission#notBefore()}.
	 */
	Permission permit(Instant now) {
		if (!this.settings.enabled() || this.state == State.CLOSED) {
			return Permission.CALL;
		}
		if (this.state == State.OPEN) {
			Instant until = this.openUntil;
			if (until != null && now.isBefore(until)) {
				return Permission.notBefore(until);
			}
			this.state = State.HALF_OPEN;
			this.probing = false;
		}
		if (this.probing) {
			// the probe's answer decides; until then the others wait a short while
			Duration wait = shorter(this.settings.coolDown(), Duration.ofSeconds(1));
			return Permission.notBefore(now.plus(wait));
		}
		this.probing = true;
		return Permission.PROBE;
	}

	/**
	 * Counts a call's result.
	 * @param probe whether the call was the half-open circuit's probe
	 * @return the state the circuit moved to, or {@code null} when it stayed as it was
	 */
	@Nullable State record(boolean succeeded, boolean probe, Instant now) {
		if (!this.settings.enabled()) {
			return null;
		}
		if (probe && this.state == State.HALF_OPEN) {
			this.probing = false;
			if (succeeded) {
				this.state = State.CLOSED;
				java.util.Arrays.fill(this.bucketSecond, Long.MIN_VALUE);
				return State.CLOSED;
			}
			open(now);
			// still open: no new event, the circuit never closed
			return null;
		}
		if (this.state != State.CLOSED) {
			// a call started before the circuit opened: it says nothing the window has not already said
			return null;
		}
		long second = now.getEpochSecond();
		int index = (int) Math.floorMod(second, (long) this.bucketSecond.length);
		if (this.bucketSecond[index] != second) {
			this.bucketSecond[index] = second;
			this.calls[index] = 0;
			this.failures[index] = 0;
		}
		this.calls[index]++;
		if (!succeeded) {
			this.failures[index]++;
		}
		int windowCalls = 0;
		int windowFailures = 0;
		long oldest = second - this.bucketSecond.length + 1;
		for (int i = 0; i < this.bucketSecond.length; i++) {
			if (this.bucketSecond[i] >= oldest) {
				windowCalls += this.calls[i];
				windowFailures += this.failures[i];
			}
		}
		if (windowCalls >= this.settings.minimumCalls()
				&& windowFailures >= this.settings.failureRateThreshold() * windowCalls) {
			this.lastFailureRate = (double) windowFailures / windowCalls;
			open(now);
			return State.OPEN;
		}
		return null;
	}

	/** The probe was never sent (the dispatcher stopped, or its lease ran short): the next call probes instead. */
	void probeAbandoned() {
		this.probing = false;
	}

	State state() {
		return this.state;
	}

	/** When an open circuit lets its probe through, or null when it is not open. */
	@Nullable Instant openUntil() {
		return (this.state == State.OPEN) ? this.openUntil : null;
	}

	/** The share of failed calls when the circuit last opened. */
	double lastFailureRate() {
		return this.lastFailureRate;
	}

	private void open(Instant now) {
		this.state = State.OPEN;
		this.openUntil = now.plus(this.settings.coolDown());
	}

	private static long ceilSeconds(Duration duration) {
		return duration.getSeconds() + ((duration.getNano() > 0) ? 1 : 0);
	}

	private static Duration shorter(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/** A circuit's state. */
	public enum State {

		/** Calls are made and counted. */
		CLOSED,

		/** No call is made until the cool-down is over. */
		OPEN,

		/** One probe is let through; its result closes or opens the circuit. */
		HALF_OPEN

	}

	/**
	 * Whether a call may be made.
	 *
	 * @param call whether it may
	 * @param probe whether it is the half-open circuit's probe
	 * @param notBefore when to come back, when it may not
	 */
	record Permission(boolean call, boolean probe, @Nullable Instant notBefore) {

		static final Permission CALL = new Permission(true, false, null);

		static final Permission PROBE = new Permission(true, true, null);

		static Permission notBefore(Instant at) {
			return new Permission(false, false, at);
		}

	}

}
