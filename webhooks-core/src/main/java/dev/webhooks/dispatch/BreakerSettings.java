package dev.webhooks.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * When a target's circuit opens and how it closes again.
 *
 * @param enabled whether targets have a circuit breaker at all
 * @param failureRateThreshold the share of failed calls in the window, 0 to 1, at or above which the circuit opens
 * @param minimumCalls the calls the window must hold before the share counts, so that one failure does not open it
 * @param window how far back calls count
 * @param coolDown how long the circuit stays open before one probe is let through
 */
public record BreakerSettings(boolean enabled, double failureRateThreshold, int minimumCalls, Duration window,
		Duration coolDown) {

	/** No circuit breaker: every due delivery is attempted. */
	public static final BreakerSettings DISABLED = new BreakerSettings(false, 1.0, 1, Duration.ofSeconds(1),
			Duration.ofSeconds(1));

	public BreakerSettings {
		if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
			throw new IllegalArgumentException("failureRateThreshold must be above 0 and at most 1, but is "
					+ failureRateThreshold);
		}
		if (minimumCalls < 1) {
			throw new IllegalArgumentException("minimumCalls must be at least 1, but is " + minimumCalls);
		}
		requirePositive(window, "window");
		requirePositive(coolDown, "coolDown");
	}

	/** Opens at half the calls failing, out of at least 20 in 30 seconds; probes after 30 seconds. */
	public static BreakerSettings defaults() {
		return new BreakerSettings(true, 0.5, 20, Duration.ofSeconds(30), Duration.ofSeconds(30));
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, but is " + duration);
		}
	}

}
