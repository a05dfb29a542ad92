package dev.webhooks.spring.idempotency;

/**
 * What an endpoint's annotations say about idempotency keys.
 *
 * @param treatment how requests to it are handled
 * @param cacheName the cache for its keys with the Spring {@code Cache} store, empty for the default
 */
public record EndpointIdempotency(Treatment treatment, String cacheName) {

	static final EndpointIdempotency UNMARKED = new EndpointIdempotency(Treatment.UNMARKED, "");

	public enum Treatment {

		/** {@code @IdempotencyKey}: a key is required. */
		REQUIRED,

		/** {@code @IdempotencyKey(optional = true)}: checked when a key is sent. */
		OPTIONAL,

		/** {@code @IdempotencyKeyExempt}: never checked. */
		EXEMPT,

		/** {@code @IdempotencyKeyManual}: a key is required and the endpoint decides what a repeat means. */
		MANUAL,

		/** No annotation: the configured {@link IdempotencyRequirement} decides. */
		UNMARKED

	}

	/** The treatment once the application-wide requirement is applied to unmarked endpoints. */
	Treatment effective(IdempotencyRequirement requirement) {
		if (this.treatment != Treatment.UNMARKED) {
			return this.treatment;
		}
		return (requirement == IdempotencyRequirement.REQUIRED) ? Treatment.REQUIRED : Treatment.EXEMPT;
	}

}
