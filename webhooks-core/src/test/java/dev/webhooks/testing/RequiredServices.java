package dev.webhooks.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Decides what a test does when a real service (PostgreSQL, MariaDB, Redis) cannot be reached: skip on a developer's
 * machine, fail where {@code webhooks.test.require-services=true} (CI), so a missing service never passes silently.
 */
public final class RequiredServices {

	public static final String REQUIRE_PROPERTY = "webhooks.test.require-services";

	private RequiredServices() {
	}

	public static boolean required() {
		return Boolean.parseBoolean(setting(REQUIRE_PROPERTY, "false"));
	}

	/** Skips or fails the current test because {@code service} is unreachable. */
	public static RuntimeException unavailable(String service, String where, Throwable cause) {
		String message = service + " is not reachable at " + where + " (" + cause.getMessage() + ")";
		if (required()) {
			throw new AssertionError(message + "; it is required because " + REQUIRE_PROPERTY + "=true", cause);
		}
		Assumptions.abort(message + "; skipping (set " + REQUIRE_PROPERTY + "=true to make this a failure)");
		return new IllegalStateException("unreachable");
	}

	/** A system property, else the environment variable of the same name in upper snake case. */
	public static String setting(String name, String defaultValue) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			value = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
		}
		return (value == null || value.isBlank()) ? defaultValue : value;
	}

	/** Whether a Docker engine answers, so Testcontainers can stand in for a missing local service. */
	public static boolean dockerAvailable() {
		try {
			return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

}
