package dev.webhooks.hooks;

/**
 * No hook has the given id.
 */
public class HookNotFoundException extends RuntimeException {

	private final String id;

	public HookNotFoundException(String id) {
		super("no hook with id '" + id + "'");
		this.id = id;
	}

	public String id() {
		return this.id;
	}

}
