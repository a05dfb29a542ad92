package dev.webhooks.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Lets in authenticated users holding a role, as {@code ROLE_<role>} or as the plain authority. Authentication and
 * CSRF protection are the application's security filter chain's job; this only reads its result.
 */
public final class SpringSecurityAdminAccess implements AdminAccess {

	private final String role;

	private final String roleAuthority;

	public SpringSecurityAdminAccess(String role) {
		this.role = role;
		this.roleAuthority = role.startsWith("ROLE_") ? role : "ROLE_" + role;
	}

	@Override
	public void check(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			throw new AdminAccessDeniedException(false, "log in to use the webhooks admin pages");
		}
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (this.roleAuthority.equals(name) || this.role.equals(name)) {
				return;
			}
		}
		throw new AdminAccessDeniedException(true, "the webhooks admin pages need the role " + this.role);
	}

}
