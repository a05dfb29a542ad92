package dev.webhooks.spring.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides who may use the library's own endpoints, the hooks REST API and the admin pages; checked before every
 * request of both with the {@link Action} the request is for. One bean serves both: define your own to decide
 * yourself (another role model, an IP allow-list...).
 */
@FunctionalInterface
public interface WebhooksAccess {

	/** Lets everyone in: only for local development without Spring Security. */
	WebhooksAccess ALLOW_ALL = (request, action) -> {
	};

	/**
	 * @throws WebhooksAccessDeniedException when the caller may not do the action
	 */
	void check(HttpServletRequest request, Action action);

	/** What a request to the library's endpoints is for. */
	enum Action {

		/** Any call of the hooks REST API: list, read, create, change, delete and test hooks. */
		MANAGE_HOOKS("manage hooks"),

		/**
		 * The admin pages and their JSON API: read deliveries and attempts, retry, cancel and replay them, preview
		 * payloads.
		 */
		USE_ADMIN_PAGES("use the webhooks admin pages");

		private final String description;

		Action(String description) {
			this.description = description;
		}

		/** What the action lets the user do, for messages: "manage hooks". */
		public String description() {
			return this.description;
		}

	}

}
