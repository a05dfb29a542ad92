package dev.webhooks.spring.hooks;

import java.time.Instant;
import java.util.List;

import dev.webhooks.hooks.Hook;
import dev.webhooks.hooks.match.MatchCondition;
import org.jspecify.annotations.Nullable;

/**
 * A hook as the REST API shows it. The secret is masked ({@code whsec_abcd…}) except in the answers to create and
 * rotate-secret, the only times it can be copied.
 */
public record HookResponse(String id, String name, String entityType, List<String> events, String url,
		String httpMethod, @Nullable String headers, String contentType, String payloadKind,
		@Nullable String template, @Nullable String serializer, List<String> include, List<String> exclude,
		List<MatchCondition> match, boolean enabled, String secret, Instant createdAt, Instant updatedAt,
		boolean ordered) {

	static HookResponse of(Hook hook) {
		return of(hook, hook.secret().toString());
	}

	static HookResponse of(Hook hook, String secret) {
		return new HookResponse(hook.id(), hook.name(), hook.entityType(), hook.events(), hook.url(),
				hook.httpMethod(), hook.headers(), hook.contentType(), hook.payloadKind().name(), hook.template(),
				hook.serializer(), hook.include(), hook.exclude(), hook.match(), hook.enabled(), secret,
				hook.createdAt(), hook.updatedAt(), hook.ordered());
	}

}
