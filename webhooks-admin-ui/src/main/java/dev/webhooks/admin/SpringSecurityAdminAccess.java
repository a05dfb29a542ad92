package dev.webhooks.admin;

import dev.webhooks.spring.security.RoleRequirement;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Lets in authenticated users holding a role, as {@code ROLE_<role>} or as the plain authority. Authentication and
 * CSRF protection are the application's security filter chain's job; this only reads its result.
 */
public final class SpringSecurityAdminAccess implements AdminAccess {

	private final RoleRequirement role;

	public SpringSecurityAdminAccess(String role) {
		this.role = new RoleRequirement(role);
	}

	@Override
	public void check(HttpServletRequest request) {
		switch (this.role.ofCurrentUser()) {
			case UNAUTHENTICATED -> throw new AdminAccessDeniedException(false,
					"log in to use the webhooks admin pages");
			case FORBIDDEN -> throw new AdminAccessDeniedException(true,
					"the webhooks admin pages need the role " + this.role.role());
			case GRANTED -> {
			}
		}
	}

}
