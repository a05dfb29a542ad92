package dev.webhooks.dispatch;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The headers of a {@link WebhookRequest}: unmodifiable, and looked up by name in any case, as HTTP names them. The
 * one form headers take from the request factory to the transport, so they are never copied on the way.
 */
final class WebhookHeaders extends AbstractMap<String, String> {

	private final SortedMap<String, String> headers;

	private WebhookHeaders(SortedMap<String, String> headers) {
		this.headers = Collections.unmodifiableSortedMap(headers);
	}

	/** A map to build headers in, for {@link #owning}. */
	static TreeMap<String, String> builder() {
		return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
	}

	/** Takes over a map from {@link #builder()}; the caller must not change it any more. */
	static WebhookHeaders owning(TreeMap<String, String> headers) {
		if (headers.comparator() != String.CASE_INSENSITIVE_ORDER) {
			throw new IllegalArgumentException("headers must be ordered ignoring case");
		}
		headers.values().forEach(Objects::requireNonNull);
		return new WebhookHeaders(headers);
	}

	/** The given headers as they are when already case-insensitive headers, else a copy. */
	static WebhookHeaders of(Map<String, String> headers) {
		if (headers instanceof WebhookHeaders webhookHeaders) {
			return webhookHeaders;
		}
		TreeMap<String, String> copy = builder();
		headers.forEach((name, value) -> copy.put(Objects.requireNonNull(name), Objects.requireNonNull(value)));
		return new WebhookHeaders(copy);
	}

	@Override
	public String get(Object name) {
		return (name instanceof String) ? this.headers.get(name) : null;
	}

	@Override
	public boolean containsKey(Object name) {
		return (name instanceof String) && this.headers.containsKey(name);
	}

	@Override
	public int size() {
		return this.headers.size();
	}

	@Override
	public Set<Entry<String, String>> entrySet() {
		return this.headers.entrySet();
	}

}
