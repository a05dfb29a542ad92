package dev.webhooks.spring.realtime;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether the user behind a request may listen on a {@code private-} or {@code presence-} channel, both
 * for the server-sent events endpoint and for Pusher's channel authorization. Without such a bean those channels
 * are refused with 403.
 * <pre>{@code
 * @Bean
 * RealtimeChannelAuthorizer tenantChannels() {
 *     return (channel, request) -> channel.equals("private-tenant-" + request.getUserPrincipal().getName());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RealtimeChannelAuthorizer {

	/** Whether the request's user may subscribe to the channel. */
	boolean canSubscribe(String channel, HttpServletRequest request);

}
