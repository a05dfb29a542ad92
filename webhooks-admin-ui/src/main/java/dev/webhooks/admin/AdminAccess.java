package dev.webhooks.admin;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides who may use the admin pages and their JSON API; checked before every request. Define a bean to decide
 * yourself.
 */
@FunctionalInterface
public interface AdminAccess {

	/** Lets everyone in: only for local development without Spring Security. */
	AdminAccess ALLOW_ALL = (request) -> {
	};

	/**
	 * @throws AdminAccessDeniedException when the caller may not use the pages
	 */
	void check(HttpServletRequest request);

}
