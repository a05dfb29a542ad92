package dev.webhooks.delivery;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where a delivery goes: a configured server, or a runtime hook. Stored in the {@code target} column as its
 * {@link #value()}: the server id, or {@code hook:<id>} for a hook. Ordered by that stored form, so that writers of
 * several targets (target states) take their row locks in one order.
 */
public final class Target implements Comparable<Target> {

	/** The stored form of a hook's target is this prefix followed by the hook id. */
	private static final String HOOK_PREFIX = "hook:";

	private final Kind kind;

	private final String id;

	private final String value;

	private Target(Kind kind, String id) {
		this.kind = kind;
		this.id = id;
		this.value = (kind == Kind.HOOK) ? HOOK_PREFIX + id : id;
	}

	/**
	 * A configured server.
	 * @param id the server id; not blank, and not starting with {@code hook:}, which would read back as a hook
	 */
	public static Target server(String id) {
		Objects.requireNonNull(id, "server id");
		if (id.isBlank()) {
			throw new IllegalArgumentException("a server id must not be blank");
		}
		if (id.startsWith(HOOK_PREFIX)) {
			throw new IllegalArgumentException("server id '" + id + "' must not start with '" + HOOK_PREFIX
					+ "', which marks a runtime hook's target");
		}
		return new Target(Kind.SERVER, id);
	}

	/**
	 * A runtime hook.
	 * @param hookId the hook id; not blank
	 */
	public static Target hook(String hookId) {
		Objects.requireNonNull(hookId, "hook id");
		if (hookId.isBlank()) {
			throw new IllegalArgumentException("a hook id must not be blank");
		}
		return new Target(Kind.HOOK, hookId);
	}

	/**
	 * Reads the stored form: {@code hook:<id>} for a runtime hook, anything else for a server.
	 * @param stored the column's value
	 */
	public static Target parse(String stored) {
		Objects.requireNonNull(stored, "target");
		if (stored.isBlank()) {
			throw new IllegalArgumentException("a target must not be blank");
		}
		if (stored.startsWith(HOOK_PREFIX)) {
			String hookId = stored.substring(HOOK_PREFIX.length());
			if (hookId.isBlank()) {
				throw new IllegalArgumentException("target '" + stored + "' has no hook id after '" + HOOK_PREFIX
						+ "'");
			}
			return new Target(Kind.HOOK, hookId);
		}
		return new Target(Kind.SERVER, stored);
	}

	/** Whether this is a server or a hook. */
	public Kind kind() {
		return this.kind;
	}

	/** Whether this is a runtime hook. */
	public boolean isHook() {
		return this.kind == Kind.HOOK;
	}

	/** The server id or the hook id, without the hook prefix. */
	public String id() {
		return this.id;
	}

	/** The stored form: the server id, or {@code hook:<id>}. */
	public String value() {
		return this.value;
	}

	@Override
	public int compareTo(Target other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof Target target && this.value.equals(target.value));
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	/** The stored form, as {@link #value()}. */
	@Override
	public String toString() {
		return this.value;
	}

	/** The kinds of target. */
	public enum Kind {

		/** A server configured in the application's properties. */
		SERVER,

		/** A hook created at runtime. */
		HOOK

	}

}
