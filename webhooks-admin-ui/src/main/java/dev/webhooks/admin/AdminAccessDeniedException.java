package dev.webhooks.admin;

/**
 * The caller may not use the admin pages: answered with {@code 401} when nobody is logged in, {@code 403} when the
 * user lacks the role.
 */
public class AdminAccessDeniedException extends RuntimeException {

	private final boolean authenticated;

	public AdminAccessDeniedException(boolean authenticated, String message) {
		super(message);
		this.authenticated = authenticated;
	}

	/** Whether a user is logged in (who lacks the role). */
	public boolean isAuthenticated() {
		return this.authenticated;
	}

}
