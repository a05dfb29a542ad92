package dev.webhooks.spring.hooks;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Lets in authenticated users holding a role, as {@code ROLE_<role>} or as the plain authority. Authentication
 * itself is the application's security filter chain's job; this only reads its result.
 */
public final class SpringSecurityHooksApiAccess implements HooksApiAccess {

	private final String role;

	private final String roleAuthority;

	public SpringSecurityHooksApiAccess(String role) {
		this.role = role;
		this.roleAuthority = role.startsWith("ROLE_") ? role : "ROLE_" + role;
	}

	@Override
	public void check(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			throw new HooksApiAccessDeniedException(false, "authentication is required to manage hooks");
		}
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (this.roleAuthority.equals(name) || this.role.equals(name)) {
				return;
			}
		}
		throw new HooksApiAccessDeniedException(true, "managing hooks needs the role " + this.role);
	}

}
