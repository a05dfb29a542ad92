package dev.webhooks.spring.security;

import java.util.Map;

import dev.webhooks.spring.security.WebhooksAccess.Action;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SpringSecurityWebhooksAccessTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final SpringSecurityWebhooksAccess access = new SpringSecurityWebhooksAccess(
			Map.of(Action.MANAGE_HOOKS, "HOOK_EDITOR", Action.USE_ADMIN_PAGES, "OPERATOR"));

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void eachActionNeedsItsOwnRole() {
		logIn("ROLE_OPERATOR");
		assertThatNoException().isThrownBy(() -> this.access.check(this.request, Action.USE_ADMIN_PAGES));
		assertThatExceptionOfType(WebhooksAccessDeniedException.class)
			.isThrownBy(() -> this.access.check(this.request, Action.MANAGE_HOOKS))
			.withMessage("the role HOOK_EDITOR is needed to manage hooks")
			.satisfies((ex) -> assertThat(ex.isAuthenticated()).isTrue());
		logIn("HOOK_EDITOR");
		assertThatNoException().isThrownBy(() -> this.access.check(this.request, Action.MANAGE_HOOKS));
	}

	@Test
	void nobodyOrAnAnonymousUserIsNotAuthenticated() {
		assertThatExceptionOfType(WebhooksAccessDeniedException.class)
			.isThrownBy(() -> this.access.check(this.request, Action.USE_ADMIN_PAGES))
			.withMessage("log in to use the webhooks admin pages")
			.satisfies((ex) -> assertThat(ex.isAuthenticated()).isFalse());
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymous",
					AuthorityUtils.createAuthorityList("ROLE_OPERATOR")));
		assertThatExceptionOfType(WebhooksAccessDeniedException.class)
			.isThrownBy(() -> this.access.check(this.request, Action.USE_ADMIN_PAGES))
			.satisfies((ex) -> assertThat(ex.isAuthenticated()).isFalse());
	}

	@Test
	void oneRoleCanServeEveryAction() {
		SpringSecurityWebhooksAccess shared = new SpringSecurityWebhooksAccess("WEBHOOKS_ADMIN");
		logIn("ROLE_WEBHOOKS_ADMIN");
		for (Action action : Action.values()) {
			assertThatNoException().isThrownBy(() -> shared.check(this.request, action));
		}
	}

	@Test
	void everyActionNeedsARole() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SpringSecurityWebhooksAccess(Map.of(Action.MANAGE_HOOKS, "HOOK_EDITOR")))
			.withMessageContaining("USE_ADMIN_PAGES");
	}

	private static void logIn(String authority) {
		TestingAuthenticationToken user = new TestingAuthenticationToken("ada", "secret", authority);
		user.setAuthenticated(true);
		SecurityContextHolder.getContext().setAuthentication(user);
	}

}
