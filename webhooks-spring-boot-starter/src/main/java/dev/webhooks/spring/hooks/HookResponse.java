package dev.webhooks.spring.hooks;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.webhooks.hooks.Hook;
import dev.webhooks.hooks.ReplayResult;
import dev.webhooks.hooks.match.MatchCondition;
import org.jspecify.annotations.Nullable;

/**
 * A hook as the REST API shows it. The secret is masked ({@code whsec_abcd…}) except in the answers to create and
 * rotate-secret, the only times it can be copied; the signing key is never shown, only its public key; previous keys
 * are masked, with the time they stop signing. The limits {@code maxConcurrency}, {@code rateLimit} and
 * {@code burst} are {@code null} where the hook takes the dispatcher's default.
 */
public record HookResponse(String id, String name, String entityType, List<String> events, String url,
		String httpMethod, @Nullable String headers, String contentType, String payloadKind,
		@Nullable String template, @Nullable String serializer, List<String> include, List<String> exclude,
		List<MatchCondition> match, boolean enabled, String secret, Instant createdAt, Instant updatedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable ReplayResult replay, List<String> signatures,
		@Nullable String publicKey, List<PreviousKeyResponse> previousKeys, boolean ordered,
		@Nullable Integer maxConcurrency, @Nullable Double rateLimit, @Nullable Integer burst) {

	/** The same hook with what was replayed to it on creation; {@code replay} is left out of the JSON when null. */
	HookResponse withReplay(@Nullable ReplayResult replay) {
		return new HookResponse(this.id, this.name, this.entityType, this.events, this.url, this.httpMethod,
				this.headers, this.contentType, this.payloadKind, this.template, this.serializer, this.include,
				this.exclude, this.match, this.enabled, this.secret, this.createdAt, this.updatedAt, replay,
				this.signatures, this.publicKey, this.previousKeys, this.ordered, this.maxConcurrency, this.rateLimit,
				this.burst);
	}

	static HookResponse of(Hook hook) {
		return of(hook, hook.secret().toString());
	}

	static HookResponse of(Hook hook, String secret) {
		return new HookResponse(hook.id(), hook.name(), hook.entityType(), hook.events(), hook.url(),
				hook.httpMethod(), hook.headers(), hook.contentType(), hook.payloadKind().name(), hook.template(),
				hook.serializer(), hook.include(), hook.exclude(), hook.match(), hook.enabled(), secret,
				hook.createdAt(), hook.updatedAt(), null, hook.signatures(),
				(hook.publicKey() != null) ? hook.publicKey().toString() : null,
				hook.previousKeys()
					.stream()
					.map((previous) -> new PreviousKeyResponse(previous.key().version(), previous.key().toString(),
							previous.expiresAt()))
					.toList(),
				hook.ordered(), hook.maxConcurrency(), hook.rateLimit(), hook.burst());
	}

	/**
	 * A key replaced by a rotation, still signing.
	 *
	 * @param version the signature it makes, {@code v1} (a secret) or {@code v1a} (a signing key)
	 * @param key the key, masked
	 * @param expiresAt when it stops signing
	 */
	public record PreviousKeyResponse(String version, String key, Instant expiresAt) {

	}

}
