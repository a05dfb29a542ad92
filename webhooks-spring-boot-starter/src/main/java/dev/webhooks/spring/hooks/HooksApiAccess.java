package dev.webhooks.spring.hooks;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides who may call the hooks REST API; checked before every request.
 */
@FunctionalInterface
public interface HooksApiAccess {

	/** Lets everyone in: only for local development without Spring Security. */
	HooksApiAccess ALLOW_ALL = (request) -> {
	};

	/**
	 * @throws HooksApiAccessDeniedException when the caller may not use the API
	 */
	void check(HttpServletRequest request);

}
