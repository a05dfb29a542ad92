package dev.webhooks.hooks;

import java.util.Map;
import java.util.Optional;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.EndpointResolver;

/**
 * Resolves {@code hook:<id>} targets to the hook's secret, and every other target through the given resolver (the
 * peer servers). The URL and headers come from the delivery's snapshot, so editing a hook never changes what is
 * already queued; a deleted hook's queued deliveries fail as an unknown target.
 */
public final class HookEndpointResolver implements EndpointResolver {

	private final EndpointResolver others;

	private final HookRegistry registry;

	public HookEndpointResolver(EndpointResolver others, HookRegistry registry) {
		this.others = others;
		this.registry = registry;
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
		return Optional.of(new Endpoint(delivery.url(), hook.secrets(), Map.of()));
	}

}
