package dev.webhooks.spring.security;

import java.util.EnumMap;
import java.util.Map;

import dev.webhooks.spring.security.WebhooksAccess.Action;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Lets in authenticated users holding the role of the action, as {@code ROLE_<role>} or as the plain authority.
 * Authentication and CSRF protection are the application's security filter chain's job; this only reads its result.
 */
public final class SpringSecurityWebhooksAccess implements WebhooksAccess {

	private final Map<Action, RoleRequirement> roles = new EnumMap<>(Action.class);

	/** One role for every action. */
	public SpringSecurityWebhooksAccess(String role) {
		for (Action action : Action.values()) {
			this.roles.put(action, new RoleRequirement(role));
		}
	}

	/**
	 * A role per action.
	 * @throws IllegalArgumentException when an action has no role
	 */
	public SpringSecurityWebhooksAccess(Map<Action, String> roles) {
		for (Action action : Action.values()) {
			String role = roles.get(action);
			if (role == null || role.isBlank()) {
				throw new IllegalArgumentException("no role for " + action);
			}
			this.roles.put(action, new RoleRequirement(role));
		}
	}

	/** The role the action needs. */
	public String role(Action action) {
		return this.roles.get(action).role();
	}

	@Override
	public void check(HttpServletRequest request, Action action) {
		RoleRequirement role = this.roles.get(action);
		switch (role.ofCurrentUser()) {
			case UNAUTHENTICATED -> throw new WebhooksAccessDeniedException(false,
					"log in to " + action.description());
			case FORBIDDEN -> throw new WebhooksAccessDeniedException(true,
					"the role " + role.role() + " is needed to " + action.description());
			case GRANTED -> {
			}
		}
	}

}
