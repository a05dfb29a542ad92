package dev.webhooks.spring.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A role the current user must hold, as {@code ROLE_<role>} or as the plain authority. Authentication and CSRF
 * protection are the application's security filter chain's job; this only reads its result, so the library never
 * has to define a chain of its own (which would switch off Spring Boot's default one).
 */
public final class RoleRequirement {

	/** What the current user is, measured against the role. */
	public enum Verdict {

		/** Authenticated and holding the role. */
		GRANTED,

		/** Not logged in, or anonymous. */
		UNAUTHENTICATED,

		/** Logged in without the role. */
		FORBIDDEN

	}

	private final String role;

	private final String roleAuthority;

	public RoleRequirement(String role) {
		this.role = role;
		this.roleAuthority = role.startsWith("ROLE_") ? role : "ROLE_" + role;
	}

	public String role() {
		return this.role;
	}

	/** Checks the user of the current request's security context. */
	public Verdict ofCurrentUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Verdict.UNAUTHENTICATED;
		}
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (this.roleAuthority.equals(name) || this.role.equals(name)) {
				return Verdict.GRANTED;
			}
		}
		return Verdict.FORBIDDEN;
	}

}
