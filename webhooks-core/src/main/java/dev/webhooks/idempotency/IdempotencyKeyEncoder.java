package dev.webhooks.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * Turns the key a client sent into the key a store holds. Scoping it per caller, method and path keeps one client's
 * keys from ever colliding with another's.
 */
@FunctionalInterface
public interface IdempotencyKeyEncoder {

	/**
	 * @param key the key as sent
	 * @param method the request method, in upper case
	 * @param path the request path, decoded and normalised ({@link RequestFingerprint#canonicalPath(String)}) and in
	 * lower case, so that every spelling of one endpoint's path gives the same key
	 * @param caller the authenticated caller, or {@code null} for an anonymous request
	 */
	String encode(String key, String method, String path, @Nullable String caller);

	/**
	 * The default: a SHA-256 over caller, method, path and key, so stored keys have a fixed length and reveal
	 * nothing.
	 */
	static IdempotencyKeyEncoder scopedPerCaller() {
		return (key, method, path, caller) -> "http:" + RequestFingerprint.of(method, path, caller,
				key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

}
