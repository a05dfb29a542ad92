package dev.webhooks.autoconfigure.realtime;

import com.pusher.rest.Pusher;

/**
 * Tunes the shared Pusher client after the properties are applied, e.g. its HTTP client:
 * <pre>{@code
 * @Bean
 * PusherCustomizer pusherProxy() {
 *     return (pusher) -> pusher.configureHttpClient(Pusher.defaultHttpClientBuilder().setProxy(proxy));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PusherCustomizer {

	void customize(Pusher pusher);

}
