package dev.webhooks.integration.hooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.webhooks.hooks.ReplayResult;
import dev.webhooks.hooks.TestSendResult;
import dev.webhooks.spring.hooks.HookResponse;
import dev.webhooks.spring.hooks.HooksApiDocumentation;
import dev.webhooks.spring.hooks.HooksController;
import dev.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The hooks API's OpenAPI description as an application with springdoc serves it: the same as the copy checked in
 * as {@code docs/openapi/hooks-api.json}, and true to the controller it describes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HooksApiDocumentTests {

	/** The checked-in copy, relative to the starter module where the tests run. */
	static final Path CHECKED_IN = Path.of("..", "docs", "openapi", "hooks-api.json");

	/** Set to true to rewrite the checked-in copy from the served document. */
	static final String WRITE_PROPERTY = "webhooks.openapi.write";

	// the header an openapi-generator client sends: every media type of the operation's answers
	private static final String CLIENT_ACCEPT = "application/json, application/problem+json";

	private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final HttpClient http = HttpClient.newHttpClient();

	private TestDatabase database;

	private ConfigurableApplicationContext application;

	private String base;

	private JsonNode served;

	@BeforeAll
	void startApplication() throws Exception {
		this.database = TestDatabase.create(TestDatabase.Kind.H2);
		this.application = new SpringApplicationBuilder(HooksTestApplication.class).web(WebApplicationType.SERVLET)
			.properties(this.database.springProperties())
			.properties("spring.jpa.hibernate.ddl-auto=create", "server.port=0", "webhooks.dispatch.enabled=false",
					"webhooks.http.allow-private-addresses=true")
			.run();
		this.base = "http://localhost:" + ((WebServerApplicationContext) this.application).getWebServer().getPort();
		HttpResponse<String> response = get("/v3/api-docs/" + HooksApiDocumentation.GROUP, "application/json", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		this.served = normalized(this.json.readTree(response.body()));
	}

	@AfterAll
	void stopApplication() {
		if (this.application != null) {
			this.application.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void theServedDocumentIsTheCheckedInCopy() throws Exception {
		String expected = this.json.writeValueAsString(this.served) + "\n";
		if (Boolean.getBoolean(WRITE_PROPERTY)) {
			Files.createDirectories(CHECKED_IN.getParent());
			Files.writeString(CHECKED_IN, expected, StandardCharsets.UTF_8);
		}
		if (!Files.exists(CHECKED_IN) || !normalized(this.json.readTree(Files.readString(CHECKED_IN)))
			.equals(this.served)) {
			fail("docs/openapi/hooks-api.json differs from the description the application serves at /v3/api-docs/"
					+ HooksApiDocumentation.GROUP + "; regenerate it with ./mvnw -pl webhooks-spring-boot-starter "
					+ "-am test -Dtest=HooksApiDocumentTests -Dsurefire.failIfNoSpecifiedTests=false -D"
					+ WRITE_PROPERTY + "=true, and review the diff");
		}
	}

	@Test
	void everyOperationOfTheControllerIsDocumentedAndEveryDocumentedOperationExists() {
		Set<String> served = new TreeSet<>();
		Map<RequestMappingInfo, HandlerMethod> handlers = this.application
			.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
			.getHandlerMethods();
		handlers.forEach((info, handler) -> {
			if (handler.getBeanType() == HooksController.class) {
				for (String pattern : info.getPatternValues()) {
					info.getMethodsCondition().getMethods().forEach((method) -> served.add(method + " " + pattern));
				}
			}
		});
		Set<String> documented = new TreeSet<>();
		this.served.get("paths").properties().forEach((path) -> path.getValue()
			.properties()
			.forEach((operation) -> documented.add(operation.getKey().toUpperCase() + " " + path.getKey())));
		assertThat(documented).isEqualTo(served);
	}

	@Test
	void theDocumentedMediaTypesAreTheOnesTheControllerProducesAndConsumes() {
		Map<RequestMappingInfo, HandlerMethod> handlers = this.application
			.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
			.getHandlerMethods();
		List<String> wrong = new ArrayList<>();
		handlers.forEach((info, handler) -> {
			if (handler.getBeanType() != HooksController.class) {
				return;
			}
			String path = info.getPatternValues().iterator().next();
			String method = info.getMethodsCondition().getMethods().iterator().next().name().toLowerCase();
			JsonNode operation = this.served.get("paths").get(path).get(method);
			Set<String> produces = names(info.getProducesCondition().getProducibleMediaTypes());
			operation.get("responses").properties().forEach((response) -> {
				JsonNode answer = response.getValue();
				if (answer.has("$ref")) {
					answer = resolve(answer.get("$ref").asString());
				}
				Set<String> documented = (answer.has("content")) ? new TreeSet<>(answer.get("content").propertyNames())
						: Set.of();
				boolean error = response.getKey().startsWith("4") || response.getKey().startsWith("5");
				Set<String> expected = error ? Set.of(HooksApiDocumentation.PROBLEM_JSON)
						: response.getKey().equals("204") ? Set.of() : Set.of(HooksApiDocumentation.JSON);
				if (!documented.equals(expected) || !produces.containsAll(documented)) {
					wrong.add(method + " " + path + " " + response.getKey() + ": documented " + documented
							+ ", produced " + expected);
				}
			});
			if (operation.has("requestBody")) {
				Set<String> consumes = names(info.getConsumesCondition().getConsumableMediaTypes());
				Set<String> documented = new TreeSet<>(operation.get("requestBody").get("content").propertyNames());
				if (!consumes.isEmpty() && !documented.equals(consumes)) {
					wrong.add(method + " " + path + " body: documented " + documented + ", consumed " + consumes);
				}
			}
		});
		assertThat(wrong).isEmpty();
	}

	@Test
	void everyOperationSchemaAndFieldHasADescription() {
		List<String> undescribed = new ArrayList<>();
		this.served.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			JsonNode node = operation.getValue();
			String name = operation.getKey() + " " + path.getKey();
			for (String field : List.of("operationId", "summary", "description")) {
				if (!node.hasNonNull(field)) {
					undescribed.add(name + " has no " + field);
				}
			}
			if (node.has("parameters")) {
				node.get("parameters").forEach((parameter) -> {
					if (!parameter.hasNonNull("description")) {
						undescribed.add(name + " parameter " + parameter.get("name").asString());
					}
				});
			}
		}));
		this.served.get("components").get("schemas").properties().forEach((schema) -> {
			if (!schema.getValue().hasNonNull("description")) {
				undescribed.add("schema " + schema.getKey());
			}
			if (schema.getValue().has("properties")) {
				schema.getValue().get("properties").properties().forEach((property) -> {
					if (!property.getValue().hasNonNull("description")) {
						undescribed.add("schema " + schema.getKey() + " field " + property.getKey());
					}
				});
			}
		});
		assertThat(undescribed)
			.as("describe these in dev.webhooks.spring.hooks.HooksApiDocumentation (operations() or schemas())")
			.isEmpty();
	}

	@Test
	void answersAndProblemsHaveTheDocumentedMediaTypesForTheAcceptHeaderOfAGeneratedClient() throws Exception {
		HttpResponse<String> list = get("/webhooks/api/hooks", CLIENT_ACCEPT, "admin");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(MediaType.parseMediaType(list.headers().firstValue("Content-Type").orElseThrow()).toString())
			.isEqualTo("application/json");

		for (String accept : List.of(CLIENT_ACCEPT, "application/problem+json", "application/json", "*/*")) {
			HttpResponse<String> missing = get("/webhooks/api/hooks/no-such-id", accept, "admin");
			assertThat(missing.statusCode()).as("GET of an unknown hook with Accept: " + accept).isEqualTo(404);
			assertThat(missing.headers().firstValue("Content-Type")).as("Accept: " + accept)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			HttpResponse<String> anonymous = get("/webhooks/api/hooks", accept, null);
			assertThat(anonymous.statusCode()).as("anonymous GET with Accept: " + accept).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("Content-Type")).as("Accept: " + accept)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		}
	}

	@Test
	void aTestSendWithoutTheDispatcherADeleteAcceptingOnlyProblemsAndAMissingPublicKeyAnswerAsDocumented() throws Exception {
		HttpResponse<String> created = create("documented");
		String id = this.json.readTree(created.body()).get("id").asString();

		HttpResponse<String> test = this.http.send(
				HttpRequest.newBuilder(URI.create(this.base + "/webhooks/api/hooks/" + id + "/test"))
					.header("Accept", CLIENT_ACCEPT)
					.header("Authorization", basic("admin"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(test.statusCode()).isEqualTo(409);
		assertThat(this.served.get("paths").get("/webhooks/api/hooks/{id}/test").get("post").get("responses").has("409"))
			.isTrue();

		// a generated client's Accept for an operation whose only media type is the problem's, such as DELETE
		HttpResponse<String> deleted = this.http.send(
				HttpRequest.newBuilder(URI.create(this.base + "/webhooks/api/hooks/" + create("deleted-by-a-client")
					.headers()
					.firstValue("Location")
					.map((location) -> location.substring(location.lastIndexOf('/') + 1))
					.orElseThrow()))
					.header("Accept", HooksApiDocumentation.PROBLEM_JSON)
					.header("Authorization", basic("admin"))
					.DELETE()
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(deleted.statusCode()).isEqualTo(204);

		HttpResponse<String> publicKey = get("/webhooks/api/hooks/" + id + "/public-key", CLIENT_ACCEPT, "admin");
		assertThat(publicKey.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(publicKey.body()).get("type").asString()).endsWith("hooks-no-signing-key");
	}

	@Test
	void theSchemasHaveTheFieldsTheApplicationWrites() throws Exception {
		JsonMapper mapper = this.application.getBean(JsonMapper.class);
		Instant now = Instant.now();
		Map<String, Object> samples = Map.of("TestSendResult", new TestSendResult("{}", 200, "ok", "none"),
				"ReplayResult", new ReplayResult(now, now, 1, 1), "PreviousKeyResponse",
				new HookResponse.PreviousKeyResponse("v1", "whsec_abcd…", now), "SecretRotationResponse",
				new HooksController.SecretRotationResponse("whsec_x", now), "SigningKeyRotationResponse",
				new HooksController.SigningKeyRotationResponse("whpk_x", now), "PublicKeyResponse",
				new HooksController.PublicKeyResponse("whpk_x"), "SigningKeyPairResponse",
				new HooksController.SigningKeyPairResponse("whsk_x", "whpk_x"));
		JsonNode schemas = this.served.get("components").get("schemas");
		samples.forEach((schema, sample) -> assertThat(mapper.readTree(mapper.writeValueAsString(sample)).propertyNames())
			.as(schema)
			.containsExactlyInAnyOrderElementsOf(schemas.get(schema).get("properties").propertyNames()));

		HttpResponse<String> created = create("fields");
		Set<String> written = new TreeSet<>(this.json.readTree(created.body()).propertyNames());
		written.add("replay"); // only in the answer to a create with a replay
		assertThat(written).containsExactlyInAnyOrderElementsOf(
				schemas.get("HookResponse").get("properties").propertyNames());
	}

	@Test
	void theApplicationsOwnDescriptionIsStillServed() throws Exception {
		HttpResponse<String> all = get("/v3/api-docs", "application/json", null);
		assertThat(all.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(all.body()).get("paths").propertyNames()).contains("/webhooks/api/hooks");
	}

	private HttpResponse<String> create(String name) throws Exception {
		HttpRequest create = HttpRequest.newBuilder(URI.create(this.base + "/webhooks/api/hooks"))
			.header("Accept", CLIENT_ACCEPT)
			.header("Content-Type", "application/json")
			.header("Authorization", basic("admin"))
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"name": "%s", "entityType": "Article", "events": ["created"],
					 "url": "http://127.0.0.1:9/in"}""".formatted(name)))
			.build();
		HttpResponse<String> created = this.http.send(create, HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
		return created;
	}

	private JsonNode resolve(String ref) {
		JsonNode node = this.served;
		for (String part : ref.substring(2).split("/")) {
			node = node.get(part);
		}
		return node;
	}

	private static Set<String> names(Set<MediaType> types) {
		Set<String> names = new HashSet<>();
		types.forEach((type) -> names.add(type.toString()));
		return new TreeSet<>(names);
	}

	// the server's address depends on the port of the run
	private static JsonNode normalized(JsonNode document) {
		ObjectNode copy = (ObjectNode) document.deepCopy();
		copy.remove("servers");
		return copy;
	}

	private HttpResponse<String> get(String path, String accept, String user) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", accept);
		if (user != null) {
			builder.header("Authorization", basic(user));
		}
		return this.http.send(builder.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
	}

}
