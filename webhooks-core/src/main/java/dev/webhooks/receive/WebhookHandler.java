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
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WebhookHandler {

	/**
	 * The topic: the sender's {@code @HttpReceiver} name, or the topic of a published message (by default its type).
	 */
	String value();

	/** Only these events ({@code created}, {@code updated}, {@code deleted}, or custom names); by default all. */
	String[] events() default {};

}
