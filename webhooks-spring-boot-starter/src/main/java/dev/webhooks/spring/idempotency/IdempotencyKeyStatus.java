package dev.webhooks.spring.idempotency;

import dev.webhooks.idempotency.StoredResponse;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code @IdempotencyKeyManual} endpoint learns about its request's key: declare a parameter of this type, or
 * read the request attributes {@link #SEEN_ATTRIBUTE} and {@link #RESPONSE_ATTRIBUTE}.
 *
 * @param key the key as the client sent it
 * @param seen whether a request with this key came before (still running, or completed)
 * @param previousResponse the response stored for the earlier request, or {@code null} when there is none (first
 * request, or the earlier one is still running)
 */
public record IdempotencyKeyStatus(String key, boolean seen, @Nullable StoredResponse previousResponse) {

	/** The request attribute holding this status. */
	public static final String ATTRIBUTE = IdempotencyKeyStatus.class.getName();

	/** The request attribute holding {@link #seen()} as a {@link Boolean}. */
	public static final String SEEN_ATTRIBUTE = "dev.webhooks.idempotency.keySeen";

	/** The request attribute holding {@link #previousResponse()}, absent when there is none. */
	public static final String RESPONSE_ATTRIBUTE = "dev.webhooks.idempotency.previousResponse";

}
