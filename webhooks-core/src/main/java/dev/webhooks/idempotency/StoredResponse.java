package dev.webhooks.idempotency;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response kept for a completed key and replayed on a repeat.
 *
 * @param status the HTTP status code
 * @param headers the response headers worth replaying, names as sent
 * @param body the response body, empty when there was none
 */
public record StoredResponse(int status, Map<String, List<String>> headers, byte[] body) implements Serializable {

	public StoredResponse {
		if (status < 100 || status > 999) {
			throw new IllegalArgumentException("Not an HTTP status code: " + status);
		}
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		headers = java.util.Collections.unmodifiableMap(copy);
		body = body.clone();
	}

	/** A response with only a status, as a webhook receiver stores for a handled message. */
	public static StoredResponse of(int status) {
		return new StoredResponse(status, Map.of(), new byte[0]);
	}

	@Override
	public byte[] body() {
		return this.body.clone();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof StoredResponse that) && this.status == that.status
				&& this.headers.equals(that.headers) && Arrays.equals(this.body, that.body);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.status + this.headers.hashCode()) + Arrays.hashCode(this.body);
	}

	@Override
	public String toString() {
		return "StoredResponse[status=" + this.status + ", headers=" + this.headers.keySet() + ", body="
				+ this.body.length + " bytes]";
	}

}
