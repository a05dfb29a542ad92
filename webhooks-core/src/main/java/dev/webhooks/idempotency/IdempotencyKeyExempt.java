package dev.webhooks.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts the annotated endpoint (or every endpoint of the annotated class) from idempotency keys: it runs on every
 * request, and a key, if sent, is ignored. Redundant when keys are only checked where an endpoint opts in.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface IdempotencyKeyExempt {

}
