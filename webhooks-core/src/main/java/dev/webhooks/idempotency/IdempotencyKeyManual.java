package dev.webhooks.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets the annotated endpoint decide what a repeated key means: it runs on every request carrying a key and is told
 * whether the key was seen before and, once the first request completed, the response stored for it. A key is
 * required, as with {@link IdempotencyKey}, and a different request reusing a key is still refused (422).
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface IdempotencyKeyManual {

}
