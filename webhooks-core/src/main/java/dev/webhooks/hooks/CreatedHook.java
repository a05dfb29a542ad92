package dev.webhooks.hooks;

import org.jspecify.annotations.Nullable;

/**
 * A hook just created, with its signing secret in full: the only time it is shown, so the receiver's owner can
 * copy it. Printing this record masks the secret.
 *
 * @param hook the stored hook
 * @param secret the full {@code whsec_...} secret
 * @param replay what was replayed to it on creation; {@code null} when no replay was asked for
 */
public record CreatedHook(Hook hook, String secret, @Nullable ReplayResult replay) {

	public CreatedHook(Hook hook, String secret) {
		this(hook, secret, null);
	}

	@Override
	public String toString() {
		return "CreatedHook[hook=" + this.hook + ", secret=" + this.hook.secret() + ", replay=" + this.replay + "]";
	}

}
