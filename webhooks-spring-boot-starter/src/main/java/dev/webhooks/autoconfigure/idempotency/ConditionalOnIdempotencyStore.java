package dev.webhooks.autoconfigure.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.webhooks.autoconfigure.idempotency.IdempotencyProperties.StoreType;

import org.springframework.context.annotation.Conditional;

/** Matches when {@code webhooks.idempotency.store} is one of the given types ({@code auto} when unset). */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnIdempotencyStoreCondition.class)
@interface ConditionalOnIdempotencyStore {

	StoreType[] value();

}
