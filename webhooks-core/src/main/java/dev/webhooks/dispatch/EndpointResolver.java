package dev.webhooks.dispatch;

import java.util.Optional;

import dev.webhooks.delivery.Delivery;

/**
 * Finds the endpoint of a delivery's target. An empty result fails the delivery with a clear error, and it stays
 * available for resend once the target is configured again.
 */
@FunctionalInterface
public interface EndpointResolver {

	Optional<Endpoint> resolve(Delivery delivery);

}
