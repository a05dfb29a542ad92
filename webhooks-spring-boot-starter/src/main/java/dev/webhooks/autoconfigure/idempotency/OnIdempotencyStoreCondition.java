package dev.webhooks.autoconfigure.idempotency;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import dev.webhooks.autoconfigure.idempotency.IdempotencyProperties.StoreType;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

final class OnIdempotencyStoreCondition extends SpringBootCondition {

	static final String PROPERTY = "webhooks.idempotency.store";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnIdempotencyStore.class.getName());
		StoreType[] accepted = (StoreType[]) attributes.get("value");
		StoreType configured = Binder.get(context.getEnvironment())
			.bind(PROPERTY, StoreType.class)
			.orElse(StoreType.AUTO);
		boolean matches = Arrays.asList(accepted).contains(configured);
		String message = PROPERTY + " is " + configured.name().toLowerCase(Locale.ROOT);
		return matches ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

}
