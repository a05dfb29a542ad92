package dev.webhooks.receive;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles received webhooks of a topic. Only methods with this annotation can be
 * reached from outside. Parameters: the data, converted to the parameter's type (a DTO, a {@code Map}, a
 * {@code JsonNode}), and/or the whole {@link dev.webhooks.message.WebhookMessage}.
 * <pre>{@code
 * @WebhookHandler("customers")
 * void onCustomer(CustomerDto customer, WebhookMessage message) {
 *     if (message.event().equals("deleted")) { ... }
 * }
 * }</pre>
 * A handler that throws makes the receiver endpoint answer 500, so the sender retries.
 * <p>
 * With {@link #source()}, the handler takes the webhooks of a third-party Standard Webhooks sender configured under
 * {@code webhooks.receiver.sources.<name>}, and {@link #value()} is their event type:
 * <pre>{@code
 * @WebhookHandler(source = "stripe-like", value = "invoice.paid")
 * void onInvoicePaid(InvoiceEvent event) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookHandler {

	/**
	 * The topic: the sender's {@code @HttpReceiver} name, or the topic of a published message (by default its type).
	 * For a {@link #source()}, the event type found in the body, e.g. {@code invoice.paid}.
	 */
	String value();

	/**
	 * Only these events ({@code created}, {@code updated}, {@code deleted}, or custom names); by default all. Not for a
	 * {@link #source()}, whose messages have one type and no separate event.
	 */
	String[] events() default {};

	/**
	 * The inbound source ({@code webhooks.receiver.sources.<name>}) whose webhooks this method takes; empty, the
	 * default, for messages from the servers under {@code webhooks.servers}.
	 */
	String source() default "";

}
