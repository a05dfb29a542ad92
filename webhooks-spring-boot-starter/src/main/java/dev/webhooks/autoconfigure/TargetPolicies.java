package dev.webhooks.autoconfigure;

import java.util.Map;

import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.BreakerSettings;
import dev.webhooks.dispatch.TargetLimits;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.events.OperationalEventListener;

/**
 * Builds the dispatcher's {@link TargetPolicy} from {@code webhooks.dispatch.*} and the per-server limits under
 * {@code webhooks.servers.<id>.*}, naming the property whose value does not fit.
 */
final class TargetPolicies {

	private TargetPolicies() {
	}

	static TargetPolicy of(WebhooksProperties properties, OperationalEventListener events) {
		DispatchProperties dispatch = properties.getDispatch();
		TargetLimits defaults = limits("webhooks.dispatch.target-", dispatch.getTargetMaxConcurrency(),
				dispatch.getTargetRateLimit(), dispatch.getTargetBurst());
		Map<String, TargetLimits> servers = new java.util.LinkedHashMap<>();
		properties.getServers().forEach((id, server) -> servers.put(id,
				limits("webhooks.servers." + id + ".",
						(server.getMaxConcurrency() != null) ? server.getMaxConcurrency() : defaults.maxConcurrency(),
						(server.getRateLimit() != null) ? server.getRateLimit() : defaults.ratePerSecond(),
						(server.getBurst() != null) ? server.getBurst() : defaults.burst())));
		DispatchProperties.Breaker breaker = dispatch.getBreaker();
		BreakerSettings breakerSettings;
		try {
			breakerSettings = new BreakerSettings(breaker.isEnabled(), breaker.getFailureRateThreshold(),
					breaker.getMinimumCalls(), breaker.getWindow(), breaker.getCoolDown());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWebhooksPropertyException("webhooks.dispatch.breaker", ex.getMessage());
		}
		try {
			return new TargetPolicy((target) -> limitsOf(target, servers, defaults), breakerSettings,
					dispatch.getThrottleStatuses(), dispatch.getThrottlePause(), dispatch.getMaxThrottlePause(),
					dispatch.isDisableOnGone(), events);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWebhooksPropertyException("webhooks.dispatch.throttle-statuses", ex.getMessage());
		}
	}

	private static TargetLimits limitsOf(Target target, Map<String, TargetLimits> servers, TargetLimits defaults) {
		if (target.isHook()) {
			return defaults;
		}
		return servers.getOrDefault(target.id(), defaults);
	}

	private static TargetLimits limits(String prefix, int maxConcurrency, double rateLimit, int burst) {
		try {
			return new TargetLimits(maxConcurrency, rateLimit, burst);
		}
		catch (IllegalArgumentException ex) {
			String property = ex.getMessage().startsWith("maxConcurrency") ? "max-concurrency"
					: ex.getMessage().startsWith("burst") ? "burst" : "rate-limit";
			throw new InvalidWebhooksPropertyException(prefix + property, ex.getMessage());
		}
	}

}
