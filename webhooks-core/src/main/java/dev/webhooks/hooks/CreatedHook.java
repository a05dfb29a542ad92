package dev.webhooks.hooks;

/**
 * A hook just created, with its signing secret in full: the only time it is shown, so the receiver's owner can
 * copy it. Printing this record masks the secret.
 *
 * @param hook the stored hook
 * @param secret the full {@code whsec_...} secret
 */
public record CreatedHook(Hook hook, String secret) {

	@Override
	public String toString() {
		return "CreatedHook[hook=" + this.hook + ", secret=" + this.hook.secret() + "]";
	}

}
