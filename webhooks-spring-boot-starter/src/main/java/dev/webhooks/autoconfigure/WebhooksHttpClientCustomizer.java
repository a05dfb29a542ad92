package dev.webhooks.autoconfigure;

import okhttp3.OkHttpClient;

/**
 * Tunes the OkHttp client that sends webhooks, after the {@code webhooks.http.*} settings are applied:
 * <pre>{@code
 * @Bean
 * WebhooksHttpClientCustomizer proxy() {
 *     return (builder) -> builder.proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy", 3128)));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WebhooksHttpClientCustomizer {

	void customize(OkHttpClient.Builder builder);

}
