package dev.webhooks.spring.hooks;

/**
 * The caller may not use the hooks REST API: answered with 401 when not authenticated, 403 when authenticated
 * without the role.
 */
public class HooksApiAccessDeniedException extends RuntimeException {

	private final boolean authenticated;

	public HooksApiAccessDeniedException(boolean authenticated, String message) {
		super(message);
		this.authenticated = authenticated;
	}

	public boolean isAuthenticated() {
		return this.authenticated;
	}

}
