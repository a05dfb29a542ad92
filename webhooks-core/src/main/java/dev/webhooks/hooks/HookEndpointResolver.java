package dev.webhooks.hooks;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.EndpointResolver;

/**
 * Resolves {@code hook:<id>} targets to the hook's secret, and every other target through the given resolver (the
 * peer servers). The URL and headers come from the delivery's snapshot, so editing a hook never changes what is
 * already queued; a deleted hook's queued deliveries fail as an unknown target. The keys are those that sign at the
 * time of sending, so a rotated-out secret stops signing when its overlap ends.
 */
public final class HookEndpointResolver implements EndpointResolver {

	private final EndpointResolver others;

	private final HookRegistry registry;

	private final Clock clock;

	public HookEndpointResolver(EndpointResolver others, HookRegistry registry) {
		this(others, registry, Clock.systemUTC());
	}

	/** @param clock tells which previous keys still sign */
	public HookEndpointResolver(EndpointResolver others, HookRegistry registry, Clock clock) {
		this.others = others;
		this.registry = registry;
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public Optional<Endpoint> resolve(Delivery delivery) {
		Target target = delivery.target();
		if (!target.isHook()) {
			return this.others.resolve(delivery);
		}
		String id = target.id();
		ActiveHook hook = this.registry.find(id);
		if (hook == null && this.registry.refreshIfChanged()) {
			// created on another instance since this one last looked
			hook = this.registry.find(id);
		}
		if (hook == null) {
			return Optional.empty();
		}
		return Optional.of(new Endpoint(delivery.url(), hook.signingKeysAt(this.clock.instant()), Map.of()));
	}

}
