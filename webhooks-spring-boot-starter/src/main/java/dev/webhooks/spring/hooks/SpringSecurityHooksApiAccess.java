package dev.webhooks.spring.hooks;

import dev.webhooks.spring.security.RoleRequirement;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Lets in authenticated users holding a role, as {@code ROLE_<role>} or as the plain authority. Authentication
 * itself is the application's security filter chain's job; this only reads its result.
 */
public final class SpringSecurityHooksApiAccess implements HooksApiAccess {

	private final RoleRequirement role;

	public SpringSecurityHooksApiAccess(String role) {
		this.role = new RoleRequirement(role);
	}

	@Override
	public void check(HttpServletRequest request) {
		switch (this.role.ofCurrentUser()) {
			case UNAUTHENTICATED -> throw new HooksApiAccessDeniedException(false,
					"authentication is required to manage hooks");
			case FORBIDDEN -> throw new HooksApiAccessDeniedException(true,
					"managing hooks needs the role " + this.role.role());
			case GRANTED -> {
			}
		}
	}

}
