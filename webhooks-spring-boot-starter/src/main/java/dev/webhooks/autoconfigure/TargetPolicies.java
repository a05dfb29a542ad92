package dev.webhooks.autoconfigure;

import java.util.Map;
import java.util.function.LongSupplier;

import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.BreakerSettings;
import dev.webhooks.dispatch.TargetLimits;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.hooks.Hook;
import dev.webhooks.hooks.HookRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Builds the dispatcher's {@link TargetPolicy} from {@code webhooks.dispatch.*}, the per-server limits under
 * {@code webhooks.servers.<id>.*} and each runtime hook's own limits, naming the property whose value does not fit.
 * A hook's limits are read from the hook registry, whose revision is the policy's limits version: lanes apply a
 * changed hook at once.
 */
final class TargetPolicies {

	private TargetPolicies() {
	}

	static TargetPolicy of(WebhooksProperties properties, OperationalEventListener events) {
		return of(properties, events, null);
	}

	/** @param hooks the runtime hooks whose limits apply to their lanes; {@code null} without runtime hooks */
	static TargetPolicy of(WebhooksProperties properties, OperationalEventListener events,
			@Nullable HookRegistry hooks) {
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
			LongSupplier limitsVersion = (hooks != null) ? hooks::revision : () -> 0L;
			return new TargetPolicy((target) -> limitsOf(target, servers, defaults, hooks), breakerSettings,
					dispatch.getThrottleStatuses(), dispatch.getThrottlePause(), dispatch.getMaxThrottlePause(),
					dispatch.isDisableOnGone(), events, limitsVersion);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWebhooksPropertyException("webhooks.dispatch.throttle-statuses", ex.getMessage());
		}
	}

	private static TargetLimits limitsOf(Target target, Map<String, TargetLimits> servers, TargetLimits defaults,
			@Nullable HookRegistry hooks) {
		if (!target.isHook()) {
			return servers.getOrDefault(target.id(), defaults);
		}
		Hook hook = (hooks != null) ? hooks.hook(target.id()) : null;
		if (hook == null) {
			return defaults;
		}
		// each limit the hook leaves out is the dispatcher's default, as for a server
		return new TargetLimits((hook.maxConcurrency() != null) ? hook.maxConcurrency() : defaults.maxConcurrency(),
				(hook.rateLimit() != null) ? hook.rateLimit() : defaults.ratePerSecond(),
				(hook.burst() != null) ? hook.burst() : defaults.burst());
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
