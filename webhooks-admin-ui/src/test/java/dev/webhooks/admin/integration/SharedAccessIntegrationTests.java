package dev.webhooks.admin.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.admin.AdminApiController;
import dev.webhooks.admin.AdminPageController;
import dev.webhooks.spring.hooks.HooksController;
import dev.webhooks.spring.security.WebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccessDeniedException;
import dev.webhooks.testing.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link WebhooksAccess} bean of the application governs both the admin pages and the hooks REST API: here a
 * policy that knows nothing of roles and lets in callers with a token header, whoever they are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedAccessIntegrationTests {

	private static final String TOKEN_HEADER = "X-Ops-Token";

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final Set<WebhooksAccess.Action> checked = ConcurrentHashMap.newKeySet();

	private final WebhooksAccess policy = (request, action) -> {
		this.checked.add(action);
		if (!"open-sesame".equals(request.getHeader(TOKEN_HEADER))) {
			throw new WebhooksAccessDeniedException(true, "the ops token is needed to " + action.description());
		}
	};

	private TestDatabase database;

	private ConfigurableApplicationContext application;

	private String base;

	@BeforeAll
	void start() {
		this.database = TestDatabase.create(TestDatabase.Kind.H2);
		this.application = new SpringApplicationBuilder(AdminTestApplication.class)
			.initializers((context) -> ((GenericApplicationContext) context).registerBean(WebhooksAccess.class,
					() -> this.policy))
			.properties(this.database.springProperties())
			.properties("server.port=0", "webhooks.app-id=shop", "webhooks.dispatch.enabled=false")
			.run();
		this.base = "http://localhost:" + ((WebServerApplicationContext) this.application).getWebServer().getPort();
	}

	@AfterAll
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void theOnePolicyIsTheOneBothEndpointsUse() {
		assertThat(this.application.getBeansOfType(WebhooksAccess.class)).hasSize(1);
		assertThat(this.application.getBean(AdminApiController.class)).hasFieldOrPropertyWithValue("access",
				this.policy);
		assertThat(this.application.getBean(AdminPageController.class)).hasFieldOrPropertyWithValue("access",
				this.policy);
		assertThat(this.application.getBean(HooksController.class)).hasFieldOrPropertyWithValue("access",
				this.policy);
	}

	@Test
	void thePolicyDecidesForTheAdminApiAndTheHooksApiAlike() throws Exception {
		HttpResponse<String> admin = get("/webhooks-admin/api/dashboard", null);
		assertThat(admin.statusCode()).isEqualTo(403);
		assertThat(admin.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(admin.body()).get("type").asString()).endsWith("admin-forbidden");
		assertThat(this.json.readTree(admin.body()).get("detail").asString())
			.isEqualTo("the ops token is needed to use the webhooks admin pages");
		HttpResponse<String> hooks = get("/webhooks/api/hooks", null);
		assertThat(hooks.statusCode()).isEqualTo(403);
		assertThat(hooks.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(hooks.body()).get("type").asString()).endsWith("hooks-forbidden");
		assertThat(this.json.readTree(hooks.body()).get("detail").asString())
			.isEqualTo("the ops token is needed to manage hooks");

		// no user at all, and no role: the policy alone decides
		assertThat(get("/webhooks-admin/api/dashboard", "open-sesame").statusCode()).isEqualTo(200);
		assertThat(get("/webhooks-admin/", "open-sesame").statusCode()).isEqualTo(200);
		assertThat(get("/webhooks/api/hooks", "open-sesame").statusCode()).isEqualTo(200);
		assertThat(this.checked).containsExactlyInAnyOrder(WebhooksAccess.Action.values());
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path));
		if (token != null) {
			request.header(TOKEN_HEADER, token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

}
