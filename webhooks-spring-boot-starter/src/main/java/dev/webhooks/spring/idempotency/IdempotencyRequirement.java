package dev.webhooks.spring.idempotency;

/**
 * Which endpoints need a key when none of the idempotency annotations says otherwise.
 */
public enum IdempotencyRequirement {

	/** Only endpoints annotated with {@code @IdempotencyKey} or {@code @IdempotencyKeyManual} take part. */
	OPT_IN,

	/** Every endpoint of an unsafe method needs a key, unless annotated with {@code @IdempotencyKeyExempt}. */
	REQUIRED

}
