package dev.webhooks.integration.actuate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library's secrets stay masked in Actuator's {@code configprops} and {@code env} endpoints of a running
 * application, over HTTP, even when it asks them to show every value to its operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActuatorSecretsIntegrationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String PREVIOUS_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

	private static final String ENVIRONMENT_SECRET = "whsec_SCnwH6wpq3fG06pCuQ0BrJXw2KfuP0MZ";

	private static final String ENVIRONMENT_PREVIOUS_SECRET = "whsec_oBRBvnK6gqmp2V8ZlRhvIc3gdGB+Vh3U";

	private static final String PUSHER_SECRET = "pusher-secret-7f3a9c1e";

	private static final String URL_PASSWORD = "url-password-5b2d";

	private final HttpClient http = HttpClient.newHttpClient();

	private TestDatabase database;

	private ConfigurableApplicationContext application;

	private String actuator;

	@BeforeAll
	void start() {
		this.database = TestDatabase.create(TestDatabase.Kind.H2);
		this.application = new SpringApplicationBuilder(SecretsTestApplication.class).web(WebApplicationType.SERVLET)
			.properties(this.database.springProperties())
			// as the environment variables of a container would give them
			.initializers((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource("containerEnvironment",
						Map.of("WEBHOOKS_SERVERS_BILLING_SECRET", ENVIRONMENT_SECRET,
								"WEBHOOKS_SERVERS_BILLING_PREVIOUSSECRETS_0_", ENVIRONMENT_PREVIOUS_SECRET))))
			.run("--server.port=0", "--spring.main.banner-mode=off", "--spring.jpa.hibernate.ddl-auto=none",
					"--management.endpoints.web.exposure.include=configprops,env",
					"--management.endpoint.configprops.show-values=always",
					"--management.endpoint.env.show-values=always", "--webhooks.app-id=shop",
					"--webhooks.servers.warehouse.url=https://shop:" + URL_PASSWORD
							+ "@warehouse.example.com/webhooks/receive",
					"--webhooks.servers.warehouse.secret=" + SECRET,
					"--webhooks.servers.warehouse.previous-secrets[0]=" + PREVIOUS_SECRET,
					"--webhooks.realtime.pusher.app-id=1234", "--webhooks.realtime.pusher.key=public-app-key",
					"--webhooks.realtime.pusher.secret=" + PUSHER_SECRET, "--webhooks.realtime.pusher.cluster=eu");
		int port = ((WebServerApplicationContext) this.application).getWebServer().getPort();
		this.actuator = "http://localhost:" + port + "/actuator";
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
	void configpropsMasksEverySecretAndShowsTheRest() throws Exception {
		String body = get("/configprops");
		assertThat(body).contains("warehouse.example.com", "public-app-key", "\"appId\":\"shop\"");
		assertThat(body).contains("https://shop:******@warehouse.example.com/webhooks/receive");
		assertNoSecretIn(body);
	}

	@Test
	void envMasksEverySecretInEveryPropertySourceAndShowsTheRest() throws Exception {
		String body = get("/env");
		assertThat(body).contains("warehouse.example.com", "public-app-key", "WEBHOOKS_SERVERS_BILLING_SECRET",
				"webhooks.realtime.pusher.secret", "webhooks.servers.warehouse.previous-secrets[0]");
		assertNoSecretIn(body);
	}

	@Test
	void envMasksASingleSecretPropertyAskedForByName() throws Exception {
		assertThat(get("/env/webhooks.servers.warehouse.secret")).contains("******").doesNotContain(SECRET);
		assertThat(get("/env/webhooks.servers.billing.secret")).contains("******").doesNotContain(ENVIRONMENT_SECRET);
	}

	private void assertNoSecretIn(String body) {
		for (String secret : List.of(SECRET, PREVIOUS_SECRET, ENVIRONMENT_SECRET, ENVIRONMENT_PREVIOUS_SECRET,
				PUSHER_SECRET, URL_PASSWORD)) {
			// the random part alone, in case a value were shown cut or escaped
			assertThat(body).doesNotContain(secret.substring(secret.length() - 12));
		}
		assertThat(body).contains("******");
	}

	private static String operator() {
		String credentials = SecretsTestApplication.OPERATOR + ":" + SecretsTestApplication.PASSWORD;
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(this.actuator + path)).header("Authorization", operator()).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
