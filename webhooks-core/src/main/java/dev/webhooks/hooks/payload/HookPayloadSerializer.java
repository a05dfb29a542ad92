package dev.webhooks.hooks.payload;

/**
 * Renders the payload of hooks that name it. In a Spring application, register one as a bean; hooks refer to it by
 * the bean name:
 * <pre>{@code
 * @Bean
 * HookPayloadSerializer invoiceSummary() {
 *     return (context) -> "{\"number\":\"" + context.instance().get("number").asString() + "\"}";
 * }
 * }</pre>
 * It runs in the business transaction, during the flush; an exception fails the transaction (as a
 * {@link HookPayloadException}).
 */
@FunctionalInterface
public interface HookPayloadSerializer {

	/** The request body, in the hook's content type. */
	String serialize(HookPayloadContext context);

}
