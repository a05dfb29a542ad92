package dev.webhooks.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires an idempotency key on the annotated endpoint (or every endpoint of the annotated class): a repeat with the
 * same key replays the stored response instead of running the endpoint again.
 * <p>
 * Redundant for unsafe methods when keys are required everywhere, except with {@link #optional()}.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface IdempotencyKey {

	/** Whether a request without a key is accepted; it then runs without any idempotency check. */
	boolean optional() default false;

	/**
	 * The cache that holds this endpoint's keys when the Spring {@code Cache} store is used; empty for the configured
	 * default cache name.
	 */
	String cacheName() default "";

}
