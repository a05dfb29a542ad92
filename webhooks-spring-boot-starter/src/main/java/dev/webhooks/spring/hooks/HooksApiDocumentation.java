package dev.webhooks.spring.hooks;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.webhooks.hooks.HookDefinition;
import dev.webhooks.hooks.ReplayResult;
import dev.webhooks.hooks.TestSendResult;
import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.hooks.match.MatchOperator;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;

/**
 * The OpenAPI description of the hooks REST API ({@link HooksController}), written here rather than as annotations
 * on the controller: every operation with its success and problem+json error answers, every request and response
 * schema with its fields, and the HTTP basic security scheme. Served by springdoc as the group {@value #GROUP}; a
 * copy is checked in as {@code docs/openapi/hooks-api.json}.
 */
public final class HooksApiDocumentation implements OpenApiCustomizer {

	/** The springdoc group, served at {@code /v3/api-docs/webhooks-hooks}. */
	public static final String GROUP = "webhooks-hooks";

	/** The name of the security scheme every operation requires. */
	public static final String SECURITY_SCHEME = "basicAuth";

	static final String TAG = "hooks";

	/** What every operation answers on success. */
	public static final String JSON = "application/json";

	/** What every operation answers on failure, RFC 9457 problem details. */
	public static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM = "Problem";

	private static final String FIELD_ERROR = "FieldError";

	private static final String ID = "/{id}";

	/** Problem answers by status, each a shared response of the components. */
	private static final Map<String, ErrorAnswer> ERRORS = errors();

	/** The operations by method and path below the API's base path. */
	private static final Map<String, OperationDoc> OPERATIONS = operations();

	/** Descriptions of the schemas and their fields, by schema name. */
	private static final Map<String, SchemaDoc> SCHEMAS = schemas();

	private final String path;

	private final String role;

	/**
	 * @param path the API's base path, {@code webhooks.hooks.api.path}
	 * @param role the role the API requires, {@code webhooks.hooks.api.role}
	 */
	public HooksApiDocumentation(String path, String role) {
		this.path = path;
		this.role = role;
	}

	/**
	 * The springdoc group of the API under {@code path}, described by this customizer.
	 * @param path the API's base path, {@code webhooks.hooks.api.path}
	 * @param role the role the API requires, {@code webhooks.hooks.api.role}
	 */
	public static GroupedOpenApi group(String path, String role) {
		return GroupedOpenApi.builder()
			.group(GROUP)
			.displayName("Webhooks hooks API")
			.pathsToMatch(path, path + "/**")
			.addOpenApiMethodFilter((method) -> HooksController.class.isAssignableFrom(method.getDeclaringClass()))
			.addOpenApiCustomizer(new HooksApiDocumentation(path, role))
			.build();
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.info(new Info().title("Webhooks hooks API")
			.version("1")
			.description("Creates, changes, tests and deletes the runtime hooks of an application using the webhooks "
					+ "starter: each hook sends the changes of one JPA entity type to one URL, signed. JSON in and "
					+ "out; errors are RFC 9457 problem details (application/problem+json)."));
		openApi.tags(List.of(new Tag().name(TAG).description("Runtime hooks")));
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.components(components);
		components.addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("basic")
			.description("The application's own Spring Security chain authenticates (HTTP basic here; a session or "
					+ "a token works the same), and the user needs the role '" + this.role
					+ "' (webhooks.hooks.api.role), granted as ROLE_" + this.role + " or as the plain authority. "
					+ "Without it: 401 when not authenticated, 403 when authenticated."));
		openApi.security(List.of(new SecurityRequirement().addList(SECURITY_SCHEME)));
		addProblemSchemas(components, openApi);
		ERRORS.forEach((status, error) -> components.addResponses(error.name(), error.response()));
		if (openApi.getPaths() != null) {
			openApi.getPaths().forEach((fullPath, item) -> describe(openApi, fullPath, item));
		}
		describeSchemas(components);
	}

	private void describe(OpenAPI openApi, String fullPath, PathItem item) {
		String relative = fullPath.substring(Math.min(this.path.length(), fullPath.length()));
		item.readOperationsMap().forEach((method, operation) -> {
			OperationDoc doc = OPERATIONS.get(method.name() + " " + relative);
			if (doc != null) {
				doc.applyTo(operation, openApi);
			}
		});
	}

	private static void addProblemSchemas(Components components, OpenAPI openApi) {
		Schema<Object> fieldError = object(openApi).description("One invalid field of a hook definition.")
			.addProperty("field", string(openApi).description("The field, e.g. 'url', 'headers' or 'replay'."))
			.addProperty("message", string(openApi).description("What is wrong with it."));
		fieldError.setRequired(List.of("field", "message"));
		components.addSchemas(FIELD_ERROR, fieldError);
		Schema<Object> problem = object(openApi)
			.description("An RFC 9457 problem detail. The type tells the cause: "
					+ "https://webhooks.dev/problems/hooks-{invalid, unreadable, unauthorized, forbidden, not-found, "
					+ "no-signing-key, unavailable, replay-failed}.")
			.addProperty("type", string(openApi).format("uri").description("The problem type."))
			.addProperty("title", string(openApi).description("A short summary of the problem type."))
			.addProperty("status", integer(openApi).description("The HTTP status."))
			.addProperty("detail", string(openApi).description("What went wrong in this request."))
			.addProperty("instance", string(openApi).format("uri").description("The request path."))
			.addProperty("errors", array(openApi, ref(FIELD_ERROR)).description(
					"With type hooks-invalid: every invalid field of the definition or parameter."))
			.addProperty("scheduled", integer(openApi).format("int64").description(
					"With type hooks-replay-failed: the deliveries queued before the replay stopped."));
		problem.setRequired(List.of("type", "title", "status"));
		components.addSchemas(PROBLEM, problem);
		if (components.getSchemas() != null) {
			// springdoc's own schema for the exception handlers' ProblemDetail, replaced by Problem
			components.getSchemas().remove("ProblemDetail");
		}
	}

	private static void describeSchemas(Components components) {
		if (components.getSchemas() == null) {
			return;
		}
		components.getSchemas().forEach((name, schema) -> {
			SchemaDoc doc = SCHEMAS.get(name);
			if (doc != null) {
				doc.applyTo(schema);
			}
		});
	}

	private static Schema<Object> object(OpenAPI openApi) {
		return typed(openApi, "object");
	}

	private static Schema<Object> string(OpenAPI openApi) {
		return typed(openApi, "string");
	}

	private static Schema<Object> integer(OpenAPI openApi) {
		return typed(openApi, "integer");
	}

	private static Schema<Object> array(OpenAPI openApi, Schema<?> items) {
		Schema<Object> array = typed(openApi, "array");
		array.setItems(items);
		return array;
	}

	// OpenAPI 3.1 documents list their types, 3.0 ones have one
	private static Schema<Object> typed(OpenAPI openApi, String type) {
		Schema<Object> schema = new Schema<>();
		if (openApi.getOpenapi() != null && openApi.getOpenapi().startsWith("3.1")) {
			schema.addType(type);
		}
		else {
			schema.setType(type);
		}
		return schema;
	}

	private static Schema<Object> ref(String schema) {
		return new Schema<>().$ref("#/components/schemas/" + schema);
	}

	private static Map<String, ErrorAnswer> errors() {
		Map<String, ErrorAnswer> errors = new LinkedHashMap<>();
		errors.put("400", new ErrorAnswer("HooksBadRequest",
				"hooks-invalid: the definition or a parameter is invalid, every problem listed in errors; "
						+ "hooks-unreadable: the body is not JSON of the expected shape."));
		errors.put("401", new ErrorAnswer("HooksUnauthorized", "hooks-unauthorized: the caller is not authenticated."));
		errors.put("403",
				new ErrorAnswer("HooksForbidden", "hooks-forbidden: the user lacks the role webhooks.hooks.api.role."));
		errors.put("404", new ErrorAnswer("HooksNotFound", "hooks-not-found: there is no hook with this id."));
		errors.put("409", new ErrorAnswer("HooksUnavailable",
				"hooks-unavailable: this instance cannot send (the dispatcher is off, webhooks.dispatch.enabled=false)."));
		errors.put("500", new ErrorAnswer("HooksReplayFailed",
				"hooks-replay-failed: the hook was created but its replay stopped part way; scheduled says how many "
						+ "deliveries were queued."));
		return errors;
	}

	private static Map<String, OperationDoc> operations() {
		Map<String, OperationDoc> operations = new LinkedHashMap<>();
		String overlap = "How long the replaced key keeps signing beside the new one, ISO-8601 (PT1H); PT0S drops it "
				+ "at once. By default webhooks.hooks.rotation-overlap (24 hours).";
		operations.put("GET ", new OperationDoc("listHooks", "List hooks",
				"Every hook, secrets masked (whsec_abcd…).", "200", "The hooks.").errors("401", "403"));
		operations.put("POST ", new OperationDoc("createHook", "Create a hook",
				"Validates and stores the definition; the answer has the secret in full, the only time it is shown "
						+ "(besides rotate-secret). With replayDays or replaySince the hook is also sent the logged events "
						+ "of that window it would have matched (webhooks.hooks.event-log.enabled), and the answer's "
						+ "replay says how many were queued.",
				"201", "The hook, created; Location is its URL.").location()
			.parameter("replayDays", "Replays the logged events of the last N days (1 or more).")
			.parameter("replaySince", "Replays the logged events since this ISO-8601 instant, "
					+ "e.g. 2026-11-20T00:00:00Z; not with replayDays.")
			.body("The hook's definition.")
			.errors("400", "401", "403", "500"));
		operations.put("GET " + ID, new OperationDoc("getHook", "Get a hook", "One hook, secret masked.", "200",
				"The hook.").id()
			.errors("401", "403", "404"));
		operations.put("PUT " + ID, new OperationDoc("updateHook", "Replace a hook's definition",
				"Validates and stores the whole definition. A secret, signatures or ordered left out are kept.",
				"200", "The hook, changed.").id()
			.body("The hook's new definition.")
			.errors("400", "401", "403", "404"));
		operations.put("DELETE " + ID, new OperationDoc("deleteHook", "Delete a hook",
				"Deletes the hook. Its queued deliveries then fail as an unknown target, since nothing can sign "
						+ "them any more.", "204", "Deleted.").id()
			.errors("401", "403", "404"));
		operations.put("POST " + ID + "/enable", new OperationDoc("enableHook", "Enable a hook",
				"The hook fires again, on every instance within webhooks.hooks.refresh-interval.", "200",
				"The hook, enabled.").id()
			.errors("401", "403", "404"));
		operations.put("POST " + ID + "/disable", new OperationDoc("disableHook", "Disable a hook",
				"The hook stops firing, on every instance within webhooks.hooks.refresh-interval.", "200",
				"The hook, disabled.").id()
			.errors("401", "403", "404"));
		operations.put("POST " + ID + "/rotate-secret", new OperationDoc("rotateHookSecret", "Rotate a hook's secret",
				"A new secret for v1 signatures, shown in full this once; the old one signs beside it for overlap.",
				"200", "The new secret.").id()
			.parameter("overlap", overlap)
			.errors("400", "401", "403", "404"));
		operations.put("POST " + ID + "/rotate-signing-key", new OperationDoc("rotateHookSigningKey",
				"Rotate a hook's signing key",
				"A new ed25519 signing key for v1a signatures; the old one (if any) signs beside it for overlap. "
						+ "Answers the public key to give the receiver.",
				"200", "The new public key.").id()
			.parameter("overlap", overlap)
			.errors("400", "401", "403", "404"));
		operations.put("GET " + ID + "/public-key", new OperationDoc("getHookPublicKey", "Get a hook's public key",
				"The key verifying the hook's v1a signatures. 404 with type hooks-no-signing-key while the hook has "
						+ "no signing key (rotate-signing-key makes one).",
				"200", "The public key.").id()
			.errors("401", "403", "404"));
		operations.put("POST /signing-keys", new OperationDoc("generateSigningKeyPair",
				"Generate an ed25519 key pair",
				"A new key pair, stored nowhere: the secret key for webhooks.servers.<id>.signing-key, the public key "
						+ "for the receiver.",
				"200", "The key pair.").errors("401", "403"));
		operations.put("POST " + ID + "/test", new OperationDoc("testHook", "Send a test",
				"Renders the hook's payload with a sample instance and sends it at once, signed, outside the "
						+ "outbox; answers what the target replied.",
				"200", "What was sent and what came back; a failed send is an answer too, with error set.").id()
			.body("The sample to render; optional.")
			.errors("400", "401", "403", "404", "409"));
		return operations;
	}

	private static Map<String, SchemaDoc> schemas() {
		Map<String, String> definition = new LinkedHashMap<>();
		definition.put("name", "A unique name.");
		definition.put("entityType", "The JPA entity name whose changes the hook sends, e.g. Customer.");
		definition.put("events", "The events sent: created, updated, deleted and the custom event names of "
				+ "webhooks.hooks.custom-events.");
		definition.put("url", "The absolute http or https URL the hook sends to.");
		definition.put("httpMethod", "POST (the default), PUT, PATCH, DELETE or GET (sent without a body).");
		definition.put("headers", "Extra headers, one 'Name: value' per line.");
		definition.put("contentType", "The payload's media type, application/json by default.");
		definition.put("template", "A payload template with {{instance.a.b}}, {{event}} and {{event_type}} "
				+ "placeholders; at most one of template, serializer and include/exclude.");
		definition.put("serializer", "The name of a HookPayloadSerializer bean rendering the payload.");
		definition.put("include", "The only attributes sent in the default envelope, when not empty.");
		definition.put("exclude", "Attributes never sent in the default envelope.");
		definition.put("match", "Conditions on the instance's fields, all of which must match for the hook to fire.");
		definition.put("enabled", "Whether the hook fires; true when not given.");
		definition.put("secret", "The signing secret (whsec_...); generated when not given on create, kept on update.");
		definition.put("signatures", "The signature versions sent: v1 (HMAC with the secret), v1a (ed25519 with the "
				+ "hook's signing key) or both; [v1] when not given on create, kept on update.");
		definition.put("ordered", "Whether each entity's changes reach the hook in the order they were written; "
				+ "false when not given on create, kept on update.");
		definition.put("maxConcurrency", "The most of the hook's requests in flight at once, per instance, 1 to 1000; "
				+ "webhooks.dispatch.target-max-concurrency when not given.");
		definition.put("rateLimit", "The most requests started per second, per instance; above 0, fractions allowed "
				+ "(0.5 is one every two seconds); webhooks.dispatch.target-rate-limit when not given.");
		definition.put("burst", "With a rateLimit only: how many requests may start at once after a quiet spell, 1 to "
				+ "1000; webhooks.dispatch.target-burst when not given.");
		Map<String, String> hook = new LinkedHashMap<>(definition);
		hook.put("id", "The hook's id, generated; its deliveries' target is hook:<id>.");
		hook.put("httpMethod", "The HTTP method, upper-case.");
		hook.put("contentType", "The payload's media type.");
		hook.put("payloadKind", "How the payload is made: TEMPLATE, SERIALIZER, FIELDS (the default envelope limited "
				+ "by include and exclude) or DEFAULT (the default envelope).");
		hook.put("enabled", "Whether the hook fires.");
		hook.put("secret", "The signing secret: in full in the answer to create, masked (whsec_abcd…) everywhere else.");
		hook.put("signatures", "The signature versions sent: v1, v1a or both.");
		hook.put("ordered", "Whether each entity's changes reach the hook in the order they were written.");
		hook.put("createdAt", "When the hook was created.");
		hook.put("updatedAt", "When the hook was last changed.");
		hook.put("replay", "Only in the answer to a create with replayDays or replaySince: what was replayed.");
		hook.put("publicKey", "The ed25519 public key (whpk_...) verifying v1a signatures; null before the hook has a "
				+ "signing key.");
		hook.put("previousKeys", "Keys replaced by a rotation that still sign, masked.");
		hook.put("maxConcurrency", "The hook's most requests in flight at once, per instance; null where it takes "
				+ "webhooks.dispatch.target-max-concurrency.");
		hook.put("rateLimit", "The hook's most requests started per second, per instance; null where it takes "
				+ "webhooks.dispatch.target-rate-limit.");
		hook.put("burst", "The requests that may start at once after a quiet spell; null where it takes "
				+ "webhooks.dispatch.target-burst.");

		Map<String, SchemaDoc> schemas = new LinkedHashMap<>();
		schemas.put("HookDefinition", new SchemaDoc(HookDefinition.class,
				"What a hook does, as created and replaced. At most one payload kind: a template, a serializer, or "
						+ "include/exclude lists; with none the default envelope is sent.",
				definition, List.of("name", "entityType", "events", "url")));
		schemas.put("HookResponse", SchemaDoc.of(HookResponse.class,
				"A hook as stored, with defaults applied; keys masked except where said.", hook));
		schemas.put("MatchCondition", new SchemaDoc(MatchCondition.class, "A condition on a field of the instance.",
				Map.of("field", "The field's path, e.g. address.country.", "operator",
						"How the field is compared: " + MatchOperator.ids() + ".",
						"value", "The value compared with; not given for any."),
				List.of("field", "operator")));
		schemas.put("ReplayResult", SchemaDoc.of(ReplayResult.class,
				"What a replay to a new hook queued, oldest event first.",
				Map.of("from", "The first time replayed (inclusive).", "until",
						"Where the replay stopped: the hook's creation (exclusive).", "events",
						"The logged events of the hook's entity type and events in the window.", "scheduled",
						"The deliveries queued: the events that passed the match conditions.")));
		schemas.put("PreviousKeyResponse", SchemaDoc.of(HookResponse.PreviousKeyResponse.class,
				"A key replaced by a rotation, still signing.",
				Map.of("version", "The signature it makes: v1 (a secret) or v1a (a signing key).", "key",
						"The key, masked.", "expiresAt", "When it stops signing.")));
		schemas.put("TestSendRequest", new SchemaDoc(HooksController.TestSendRequest.class,
				"The sample a test send renders.",
				Map.of("sample", "The instance's fields to render the payload with.", "event",
						"The event to render; the hook's first one when not given."),
				List.of()));
		schemas.put("TestSendResult", SchemaDoc.of(TestSendResult.class, "The outcome of a test send.",
				Map.of("payload", "The rendered request body.", "statusCode", "The target's response status, when "
						+ "a response came.", "responseExcerpt", "The start of the response body.", "error",
						"Why no response came, or why the payload could not be rendered.", "successful",
						"Whether the target answered with a 2xx status.")));
		schemas.put("SecretRotationResponse", SchemaDoc.of(HooksController.SecretRotationResponse.class,
				"The answer to a secret rotation.",
				Map.of("secret", "The new secret in full (whsec_...); the only time it is shown.",
						"previousSignsUntil", "When the replaced secret stops signing; null when it was dropped at once.")));
		schemas.put("SigningKeyRotationResponse", SchemaDoc.of(HooksController.SigningKeyRotationResponse.class,
				"The answer to a signing key rotation.",
				Map.of("publicKey", "The new public key (whpk_...) to give the receiver.", "previousSignsUntil",
						"When the replaced signing key stops signing; null when there was none or it was dropped at "
								+ "once.")));
		schemas.put("PublicKeyResponse", SchemaDoc.of(HooksController.PublicKeyResponse.class,
				"The key verifying a hook's v1a signatures.",
				Map.of("publicKey", "The ed25519 public key, whpk_....")));
		schemas.put("SigningKeyPairResponse", SchemaDoc.of(HooksController.SigningKeyPairResponse.class,
				"A new ed25519 key pair, stored nowhere.",
				Map.of("secretKey", "The signing key (whsk_...), for webhooks.servers.<id>.signing-key.", "publicKey",
						"The public key (whpk_...), for the receiver.")));
		return schemas;
	}

	/** A shared problem+json answer. */
	private record ErrorAnswer(String name, String description) {

		ApiResponse response() {
			return new ApiResponse().description(this.description)
				.content(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(ref(PROBLEM))));
		}

	}

	/** How one operation is described. */
	private static final class OperationDoc {

		private final String operationId;

		private final String summary;

		private final String description;

		private final String status;

		private final String answer;

		private final Map<String, String> parameters = new LinkedHashMap<>();

		private final List<String> errors = new ArrayList<>();

		private @Nullable String body;

		private boolean location;

		OperationDoc(String operationId, String summary, String description, String status, String answer) {
			this.operationId = operationId;
			this.summary = summary;
			this.description = description;
			this.status = status;
			this.answer = answer;
		}

		OperationDoc id() {
			return parameter("id", "The hook's id.");
		}

		OperationDoc parameter(String name, String description) {
			this.parameters.put(name, description);
			return this;
		}

		OperationDoc body(String description) {
			this.body = description;
			return this;
		}

		OperationDoc location() {
			this.location = true;
			return this;
		}

		OperationDoc errors(String... statuses) {
			this.errors.addAll(List.of(statuses));
			return this;
		}

		void applyTo(Operation operation, OpenAPI openApi) {
			operation.operationId(this.operationId).summary(this.summary).description(this.description);
			operation.setTags(List.of(TAG));
			if (operation.getParameters() != null) {
				for (Parameter parameter : operation.getParameters()) {
					String described = this.parameters.get(parameter.getName());
					if (described != null) {
						parameter.setDescription(described);
					}
				}
			}
			if (operation.getRequestBody() != null && this.body != null) {
				operation.getRequestBody().setDescription(this.body);
			}
			ApiResponses responses = new ApiResponses();
			responses.addApiResponse(this.status, success(operation, openApi));
			for (String error : this.errors) {
				responses.addApiResponse(error,
						new ApiResponse().$ref("#/components/responses/" + ERRORS.get(error).name()));
			}
			operation.setResponses(responses);
		}

		// the schema springdoc found for the handler's return type, under the status the handler really answers
		private ApiResponse success(Operation operation, OpenAPI openApi) {
			ApiResponse generated = (operation.getResponses() != null) ? operation.getResponses().get("200") : null;
			ApiResponse success = new ApiResponse().description(this.answer);
			if (!"204".equals(this.status) && generated != null && generated.getContent() != null) {
				// the handlers also produce problem+json, for the errors only
				Content content = new Content();
				MediaType json = generated.getContent().get(JSON);
				if (json != null) {
					content.addMediaType(JSON, json);
				}
				success.setContent(content);
			}
			if (this.location) {
				success.addHeaderObject("Location",
						new Header().description("The new hook's URL.").schema(string(openApi).format("uri")));
			}
			return success;
		}

	}

	/**
	 * How one schema is described.
	 *
	 * @param type the record it is generated from
	 * @param description the schema's description
	 * @param properties the description of each field
	 * @param required the fields a request must give, or that an answer always has
	 */
	record SchemaDoc(Class<? extends Record> type, String description, Map<String, String> properties,
			List<String> required) {

		/** An answer's schema, whose required fields are the record's components not marked {@code @Nullable}. */
		static SchemaDoc of(Class<? extends Record> type, String description, Map<String, String> properties) {
			List<String> required = new ArrayList<>();
			for (RecordComponent component : type.getRecordComponents()) {
				if (!nullable(component)) {
					required.add(component.getName());
				}
			}
			return new SchemaDoc(type, description, properties, required);
		}

		@SuppressWarnings("rawtypes")
		void applyTo(Schema<?> schema) {
			schema.setDescription(this.description);
			Map<String, Schema> fields = schema.getProperties();
			if (fields != null) {
				fields.forEach((name, field) -> {
					String described = this.properties.get(name);
					if (described != null) {
						field.setDescription(described);
					}
				});
				for (RecordComponent component : this.type.getRecordComponents()) {
					Schema<?> field = fields.get(component.getName());
					// an OpenAPI 3.1 type list says that null is a value; a reference stays as it is
					if (field != null && nullable(component) && field.getTypes() != null) {
						field.addType("null");
					}
				}
			}
			schema.setRequired(this.required.isEmpty() ? null : this.required);
		}

		private static boolean nullable(RecordComponent component) {
			return component.getAnnotatedType().isAnnotationPresent(Nullable.class);
		}

	}

}
