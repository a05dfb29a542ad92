package dev.webhooks.spring.security;

/**
 * The caller may not do an action on the library's endpoints: answered with {@code 401} when nobody is logged in,
 * {@code 403} when the user lacks the role.
 */
public class WebhooksAccessDeniedException extends RuntimeException {

	private final boolean authenticated;

	public WebhooksAccessDeniedException(boolean authenticated, String message) {
		super(message);
		this.authenticated = authenticated;
	}

	/** Whether a user is logged in (who lacks the role). */
	public boolean isAuthenticated() {
		return this.authenticated;
	}

}
