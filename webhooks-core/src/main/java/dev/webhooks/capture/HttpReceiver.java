package dev.webhooks.capture;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends every create, update and delete of this JPA entity as a webhook to the peer servers, written to the outbox
 * in the same transaction as the change.
 * <pre>{@code
 * @Entity
 * @HttpReceiver(value = "customers", exclude = "passwordHash")
 * class Customer { ... }
 * }</pre>
 * The receiving application handles the messages with a {@code @WebhookHandler("customers")} method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface HttpReceiver {

	/**
	 * The topic of the messages: a {@code @WebhookHandler} with the same name handles them on the receiving side. The
	 * event type is {@code <topic>.<event>}, e.g. {@code customers.created}, for peer servers and runtime hooks alike.
	 */
	String value();

	/** The server ids ({@code webhooks.servers.<id>}) to send to; by default every server except this application. */
	String[] servers() default {};

	/** Which changes are sent; by default all. */
	ChangeType[] events() default { ChangeType.CREATED, ChangeType.UPDATED, ChangeType.DELETED };

	/** Only these attributes are sent (the id always is); by default every attribute. */
	String[] include() default {};

	/** These attributes are never sent, e.g. a password hash. */
	String[] exclude() default {};

	/**
	 * Whether each entity's changes reach each server in the order they were written: a change is not sent to a
	 * server while an earlier change of the same entity to that server is unfinished (pending, being sent, or waiting
	 * for a retry). A failing change holds back only the later changes of its entity to its server. Off by default:
	 * deliveries are then sent concurrently, in no guaranteed order.
	 */
	boolean ordered() default false;

}
