package dev.webhooks.autoconfigure.idempotency;

/** Lets tests in other packages name the package-private auto-configuration. */
public final class IdempotencyAutoConfigurationAccess {

	private IdempotencyAutoConfigurationAccess() {
	}

	public static Class<?> autoConfiguration() {
		return IdempotencyAutoConfiguration.class;
	}

}
