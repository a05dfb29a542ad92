package dev.webhooks.hooks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhooks.capture.CaptureFailurePolicy;
import dev.webhooks.capture.CaptureObserver;
import dev.webhooks.delivery.Delivery;
import dev.webhooks.testing.JdbcOutbox;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.NewDelivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.WebhookRequests;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.hooks.jdbc.JdbcHookStore;
import dev.webhooks.hooks.match.MatchCondition;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.publish.DataSourceTransactionBinding;
import dev.webhooks.publish.OutboxSink;
import dev.webhooks.publish.OutboxWebhookPublisher;
import dev.webhooks.publish.OutgoingMessage;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.StandardWebhookHeaders;
import dev.webhooks.scheduling.PeriodicTask;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;
import dev.webhooks.testing.TestDatabase;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What runtime hooks do on every database: storage, validation, payloads, filters and refresh across instances.
 * One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractHookServiceContractTests {

	static final String PUBLIC_URL = "https://93.184.216.34/hooks";

	static final String TRICKY = "Zo\u00eb \"the\" \\coder\\ <b>&amp;</b> \u20ac\u4e2d\u6587 \ud83d\ude00 it's\ttab";

	private final JsonMapper json = JsonMapper.builder().build();

	private TestDatabase database;

	private JdbcHookStore store;

	private HookRegistry registry;

	private HookDeliveries deliveries;

	private HookService hooks;

	private JdbcOutbox outbox;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void createDatabase() {
		this.database = TestDatabase.createWithSchema(databaseKind());
		this.outbox = JdbcOutbox.of(this.database.dataSource(), this.json);
	}

	@AfterAll
	void dropDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void emptyTables() {
		this.database.execute("DELETE FROM webhooks_hooks");
		this.database.emptyOutbox();
		this.store = new JdbcHookStore(this.database.dataSource(), this.json);
		this.registry = new HookRegistry(this.store);
		this.registry.refresh();
		HookPayloadSerializers serializers = HookPayloadSerializers.of(Map.of("summary",
				(context) -> this.json.writeValueAsString(Map.of("summary",
						context.event() + " " + context.instance().get("name").asString(), "live",
						context.entity() != null))));
		this.deliveries = new HookDeliveries(this.registry, serializers, this.json, "shop");
		this.hooks = service(this.store, this.registry, this.deliveries, false, null);
	}

	private HookService service(HookStore store, HookRegistry registry, HookDeliveries deliveries,
			boolean allowPrivate, OkHttpWebhookTransport transport) {
		HookValidator validator = new HookValidator(new EntityTypes(Map.of("Customer",
				Set.of("id", "name", "email", "price", "active", "address", "note"), "Invoice", Set.of("id", "total"))),
				Set.of("customer.vip"), HookPayloadSerializers.of(Map.of("summary", (context) -> "{}")), allowPrivate);
		WebhookRequests requests = new WebhookRequests(DispatcherSettings.DEFAULT_USER_AGENT, "shop",
				new WebhookSigner(), Clock.systemUTC());
		return new HookService(store, registry, validator, deliveries, Clock.systemUTC(), transport, requests);
	}

	@Test
	void aHookIsStoredWithItsDefinitionAndAMaskedGeneratedSecret() {
		CreatedHook created = this.hooks.create(HookDefinition.builder("crm", "Customer", PUBLIC_URL)
			.events("created", "deleted")
			.httpMethod("put")
			.headers("Authorization: Bearer abc\nX-Trace: t:1")
			.template("application/json", "{\"name\": \"{{instance.name}}\"}")
			.match(new MatchCondition("name", "starts-with", "A"))
			.build());

		assertThat(created.secret()).startsWith("whsec_");
		assertThat(created.toString()).doesNotContain(created.secret());
		Hook stored = this.hooks.get(created.hook().id());
		assertThat(stored.name()).isEqualTo("crm");
		assertThat(stored.events()).containsExactly("created", "deleted");
		assertThat(stored.httpMethod()).isEqualTo("PUT");
		assertThat(stored.contentType()).isEqualTo("application/json");
		assertThat(stored.match()).containsExactly(new MatchCondition("name", "starts-with", "A"));
		assertThat(stored.payloadKind()).isEqualTo(Hook.PayloadKind.TEMPLATE);
		assertThat(stored.secret()).isEqualTo(WebhookSecret.parse(created.secret()));
		assertThat(stored.toString()).doesNotContain(created.secret());
		assertThat(this.hooks.list()).extracting(Hook::name).containsExactly("crm");
	}

	@Test
	void updatingDisablingEnablingAndDeletingAHookApplyAtOnce() {
		Hook hook = this.hooks.create(HookDefinition.builder("crm", "Customer", PUBLIC_URL).build()).hook();
		assertThat(deliveriesFor(customer("Ada"), "created")).hasSize(1);

		this.hooks.disable(hook.id());
		assertThat(this.hooks.get(hook.id()).enabled()).isFalse();
		assertThat(deliveriesFor(customer("Ada"), "created")).as("disabled hook").isEmpty();
		assertThat(this.registry.hasHooks("Customer")).isFalse();

		HookDefinition withoutFlag = new HookDefinition("crm", "Customer", List.of("created"), PUBLIC_URL, null, null,
				null, null, null, null, null, null, null, null);
		assertThat(this.hooks.update(hook.id(), withoutFlag).enabled()).as("flag not given: stays disabled").isFalse();
		this.hooks.enable(hook.id());
		Hook updated = this.hooks.update(hook.id(), hook.definition().toBuilder().events("deleted").build());
		assertThat(updated.secret()).isEqualTo(hook.secret());
		assertThat(deliveriesFor(customer("Ada"), "created")).isEmpty();
		assertThat(deliveriesFor(customer("Ada"), "deleted")).hasSize(1);

		this.hooks.delete(hook.id());
		assertThat(this.hooks.find(hook.id())).isEmpty();
		assertThat(deliveriesFor(customer("Ada"), "deleted")).isEmpty();
		assertThatExceptionOfType(HookNotFoundException.class).isThrownBy(() -> this.hooks.delete(hook.id()));
	}

	@Test
	void anOrderedHookPutsEachEntitysDeliveriesInTheLaneOfThatEntityAndKeepsTheFlagOnUpdate() {
		Hook ordered = this.hooks.create(HookDefinition.builder("ordered", "Customer", PUBLIC_URL).ordered(true).build())
			.hook();
		this.hooks.create(HookDefinition.builder("unordered", "Customer", PUBLIC_URL + "/2").build());
		assertThat(this.hooks.get(ordered.id()).ordered()).isTrue();

		List<NewDelivery> made = deliveriesFor(customer("Ada"), "created");

		assertThat(made).filteredOn((delivery) -> delivery.target().equals(Target.hook(ordered.id())))
			.extracting(NewDelivery::orderingKey)
			.containsExactly("Customer:7");
		assertThat(made).filteredOn((delivery) -> !delivery.target().equals(Target.hook(ordered.id())))
			.extracting(NewDelivery::orderingKey)
			.containsOnlyNulls();
		HookDefinition withoutFlag = new HookDefinition("ordered", "Customer", List.of("created"), PUBLIC_URL, null,
				null, null, null, null, null, null, null, null, null);
		assertThat(this.hooks.update(ordered.id(), withoutFlag).ordered()).as("flag not given: stays ordered").isTrue();
		assertThat(this.hooks.update(ordered.id(), withoutFlag.toBuilder().ordered(false).build()).ordered()).isFalse();
	}

	@Test
	void aHooksLimitsAreStoredAndAnUpdateReplacesThemLeavingOutOnesBackToTheDefaults() {
		Hook hook = this.hooks.create(HookDefinition.builder("limited", "Customer", PUBLIC_URL)
			.maxConcurrency(2)
			.rateLimit(0.25, 7)
			.build()).hook();

		Hook stored = this.hooks.get(hook.id());
		assertThat(stored.maxConcurrency()).isEqualTo(2);
		assertThat(stored.rateLimit()).isEqualTo(0.25);
		assertThat(stored.burst()).isEqualTo(7);
		assertThat(stored.definition().maxConcurrency()).isEqualTo(2);
		assertThat(this.registry.hook(hook.id())).extracting(Hook::maxConcurrency, Hook::rateLimit, Hook::burst)
			.containsExactly(2, 0.25, 7);

		Hook concurrencyOnly = this.hooks.update(hook.id(),
				stored.definition().toBuilder().maxConcurrency(5).defaultRateLimit().build());
		assertThat(this.hooks.get(hook.id())).extracting(Hook::maxConcurrency, Hook::rateLimit, Hook::burst)
			.containsExactly(5, null, null);
		assertThat(this.registry.hook(hook.id()).maxConcurrency()).as("applies at once").isEqualTo(5);

		this.hooks.update(hook.id(), concurrencyOnly.definition().toBuilder().maxConcurrency(null).build());
		assertThat(this.hooks.get(hook.id())).extracting(Hook::maxConcurrency, Hook::rateLimit, Hook::burst)
			.containsExactly(null, null, null);
	}

	@Test
	void badLimitsAreRefusedNamingTheFieldAndNothingIsStored() {
		assertInvalid(HookDefinition.builder("limited", "Customer", PUBLIC_URL).maxConcurrency(0).build(),
				"maxConcurrency", "must be between 1 and");
		assertInvalid(HookDefinition.builder("limited", "Customer", PUBLIC_URL).rateLimit(0).build(),
				"rateLimit", "must be greater than 0");
		assertInvalid(HookDefinition.builder("limited", "Customer", PUBLIC_URL).burst(3).build(), "burst",
				"needs rateLimit");
		assertThat(this.hooks.list()).isEmpty();
	}

	@Test
	void aJsonTemplateEscapesQuotesBackslashesAndNonAsciiAndWritesValuesOutsideStringsAsJson() throws Exception {
		this.hooks.create(HookDefinition.builder("json", "Customer", PUBLIC_URL)
			.template("application/json", """
					{"event": "{{event}}", "type": "{{event_type}}", "name": "{{instance.name}}", "greeting": "Hi {{instance.name}}!",
					 "price": {{instance.price}}, "active": {{instance.active}}, "city": {{instance.address.city}},
					 "missing": {{instance.nothing}}, "missingText": "{{instance.nothing.deeper}}",
					 "address": {{instance.address}}}""")
			.build());
		ObjectNode instance = customer(TRICKY);

		NewDelivery delivery = single(deliveriesFor(instance, "updated"));
		JsonNode payload = this.json.readTree(storedPayload(delivery));

		assertThat(payload.get("event").asString()).isEqualTo("updated");
		assertThat(payload.get("type").asString()).as("the event type, as peer servers get it")
			.isEqualTo("Customer.updated");
		assertThat(delivery.eventType()).isEqualTo("Customer.updated");
		assertThat(payload.get("name").asString()).isEqualTo(TRICKY);
		assertThat(payload.get("greeting").asString()).isEqualTo("Hi " + TRICKY + "!");
		assertThat(payload.get("price").decimalValue()).isEqualByComparingTo("12.50");
		assertThat(payload.get("active").asBoolean()).isTrue();
		assertThat(payload.get("city").asString()).isEqualTo("Springfield \"North\"");
		assertThat(payload.get("missing").isNull()).isTrue();
		assertThat(payload.get("missingText").asString()).isEmpty();
		assertThat(payload.get("address").get("zip").asString()).isEqualTo("4711");
		assertThat(delivery.headers()).containsEntry("Content-Type", "application/json");
	}

	@Test
	void anXmlTemplateEscapesValuesAsCharacterData() throws Exception {
		this.hooks.create(HookDefinition.builder("xml", "Customer", PUBLIC_URL)
			.template("application/xml", "<customer id=\"{{instance.id}}\"><name>{{instance.name}}</name>"
					+ "<city>{{instance.address.city}}</city><none>{{instance.nothing}}</none></customer>")
			.build());

		String payload = storedPayload(single(deliveriesFor(customer(TRICKY), "created")));

		org.w3c.dom.Document document = javax.xml.parsers.DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new org.xml.sax.InputSource(new java.io.StringReader(payload)));
		assertThat(document.getElementsByTagName("name").item(0).getTextContent()).isEqualTo(TRICKY);
		assertThat(document.getElementsByTagName("city").item(0).getTextContent())
			.isEqualTo("Springfield \"North\"");
		assertThat(document.getElementsByTagName("none").item(0).getTextContent()).isEmpty();
		assertThat(document.getDocumentElement().getAttribute("id")).isEqualTo("7");
	}

	@Test
	void aSerializerBeanRendersThePayloadFromTheLiveEntity() throws Exception {
		this.hooks.create(HookDefinition.builder("summary", "Customer", PUBLIC_URL).serializer("summary").build());

		NewDelivery delivery = single(this.deliveries.deliveries(HookEvent.of("Customer", "created", 7,
				new Object(), customer(TRICKY), this.json.createObjectNode()), Instant.now()));

		JsonNode payload = this.json.readTree(storedPayload(delivery));
		assertThat(payload.get("summary").asString()).isEqualTo("created " + TRICKY);
		assertThat(payload.get("live").asBoolean()).isTrue();
	}

	@Test
	void includeAndExcludeListsLimitTheDefaultEnvelopesData() throws Exception {
		this.hooks.create(HookDefinition.builder("only", "Customer", PUBLIC_URL).include("name", "address").build());
		this.hooks.create(HookDefinition.builder("without", "Customer", PUBLIC_URL).exclude("email").build());
		this.hooks.create(HookDefinition.builder("all", "Customer", PUBLIC_URL).build());

		List<NewDelivery> made = deliveriesFor(customer(TRICKY), "created");

		Map<String, JsonNode> byHook = new LinkedHashMap<>();
		for (NewDelivery delivery : made) {
			JsonNode payload = this.json.readTree(storedPayload(delivery));
			byHook.put(payload.get("hook").asString(), payload);
		}
		assertThat(byHook).containsOnlyKeys("only", "without", "all");
		JsonNode all = byHook.get("all");
		assertThat(all.get("type").asString()).as("the peer servers' envelope").isEqualTo("Customer.created");
		assertThat(all.get("topic").asString()).isEqualTo("Customer");
		assertThat(all.get("source").asString()).isEqualTo("shop");
		assertThat(all.get("event").asString()).isEqualTo("created");
		assertThat(all.get("entityType").asString()).isEqualTo("Customer");
		assertThat(all.get("entityId").asInt()).isEqualTo(7);
		assertThat(all.get("data").get("name").asString()).isEqualTo(TRICKY);
		assertThat(all.get("data").has("email")).isTrue();
		assertThat(fieldNames(byHook.get("only").get("data"))).containsExactly("name", "address");
		assertThat(byHook.get("without").get("data").has("email")).isFalse();
		assertThat(byHook.get("without").get("data").get("name").asString()).isEqualTo(TRICKY);
	}

	@Test
	void everyMatcherMatchesPresentStringFieldsOnlyExceptAnyWhichMatchesAlways() {
		Map<String, String> operators = Map.of("any", "", "equals", "Springfield", "starts-with", "Spring",
				"ends-with", "field", "contains", "ingf", "regex", "^S.*d$");
		operators.forEach((operator, value) -> this.hooks.create(HookDefinition.builder(operator, "Customer", PUBLIC_URL)
			.match(new MatchCondition("address.city", operator, operator.equals("any") ? null : value))
			.build()));
		ObjectNode matching = customer("Ada");
		matching.withObject("address").put("city", "Springfield");
		ObjectNode other = customer("Ada");
		other.withObject("address").put("city", "Shelbyville");
		ObjectNode missing = customer("Ada");
		missing.remove("address");
		ObjectNode number = customer("Ada");
		number.withObject("address").put("city", 42);
		ObjectNode nullValue = customer("Ada");
		nullValue.withObject("address").putNull("city");

		assertThat(firingHooks(matching)).containsExactlyInAnyOrder("any", "equals", "starts-with", "ends-with",
				"contains", "regex");
		assertThat(firingHooks(other)).containsExactly("any");
		assertThat(firingHooks(missing)).containsExactly("any");
		assertThat(firingHooks(number)).containsExactly("any");
		assertThat(firingHooks(nullValue)).containsExactly("any");
	}

	@Test
	void severalConditionsMustAllMatch() {
		this.hooks.create(HookDefinition.builder("both", "Customer", PUBLIC_URL)
			.match(new MatchCondition("name", "starts-with", "A"), new MatchCondition("email", "ends-with", ".ch"))
			.build());

		assertThat(firingHooks(customer("Ada"))).containsExactly("both");
		ObjectNode otherMail = customer("Ada");
		otherMail.put("email", "ada@example.com");
		assertThat(firingHooks(otherMail)).isEmpty();
		assertThat(firingHooks(customer("Bob"))).isEmpty();
	}

	@Test
	void twoHooksOnOneEntityEachGetTheirOwnDeliveryAndADisabledOneNone() {
		Hook first = this.hooks.create(HookDefinition.builder("first", "Customer", PUBLIC_URL).build()).hook();
		Hook second = this.hooks.create(HookDefinition.builder("second", "Customer", PUBLIC_URL + "/2").build())
			.hook();
		this.hooks.create(HookDefinition.builder("off", "Customer", PUBLIC_URL + "/3").enabled(false).build());

		List<NewDelivery> made = deliveriesFor(customer("Ada"), "created");

		assertThat(made).extracting(NewDelivery::target)
			.containsExactlyInAnyOrder(Target.hook(first.id()), Target.hook(second.id()));
		assertThat(made).extracting(NewDelivery::url).containsExactlyInAnyOrder(PUBLIC_URL, PUBLIC_URL + "/2");
		assertThat(made).extracting(NewDelivery::id).doesNotHaveDuplicates();
	}

	@Test
	void customEventsPublishedForAnEntityReachTheHooksThatListThem() throws Exception {
		Hook vip = this.hooks.create(HookDefinition.builder("vip", "Customer", PUBLIC_URL)
			.events("customer.vip")
			.template("application/json",
					"{\"event\": \"{{event_type}}\", \"name\": \"{{instance.name}}\", \"reason\": \"{{reason}}\", "
							+ "\"level\": {{level}}, \"id\": {{entity_id}}}")
			.build()).hook();
		this.hooks.create(HookDefinition.builder("changes", "Customer", PUBLIC_URL).events("created").build());
		OutboxWebhookPublisher publisher = new OutboxWebhookPublisher(new OutboxSink(new PeerServers("shop", List.of()),
				this.json, this.outbox::writer, () -> {
				}, Clock.systemUTC(), this.deliveries, CaptureObserver.NONE, CaptureFailurePolicy.FAIL_TRANSACTION),
				new DataSourceTransactionBinding(this.database.dataSource()));

		List<String> ids = publisher.publish(OutgoingMessage.of("customer.vip", Map.of("name", TRICKY))
			.entity("Customer", 7)
			.arguments(Map.of("reason", "big \"spender\"", "level", 3)));

		assertThat(ids).hasSize(1);
		Delivery delivery = this.outbox.queries().find(ids.get(0)).orElseThrow();
		assertThat(delivery.target()).isEqualTo(Target.hook(vip.id()));
		assertThat(delivery.eventType()).isEqualTo("customer.vip");
		assertThat(delivery.entityType()).isEqualTo("Customer");
		assertThat(delivery.entityId()).isEqualTo("7");
		JsonNode payload = this.json.readTree(delivery.payload());
		assertThat(payload.get("event").asString()).isEqualTo("customer.vip");
		assertThat(payload.get("name").asString()).isEqualTo(TRICKY);
		assertThat(payload.get("reason").asString()).isEqualTo("big \"spender\"");
		assertThat(payload.get("level").asInt()).isEqualTo(3);
		assertThat(payload.get("id").asInt()).isEqualTo(7);
		assertThat(publisher.publish(OutgoingMessage.of("customer.vip", Map.of("name", "x")))).as("no entity type")
			.isEmpty();
	}

	@Test
	void headerValuesKeepTheirColonsAndTheContentTypeIsSent() {
		Hook hook = this.hooks.create(HookDefinition.builder("headers", "Customer", PUBLIC_URL)
			.headers("X-Callback: https://example.com:8443/a\r\n\r\n  X-Window :  10:00-12:00  \nX-Empty:")
			.template("text/plain; charset=utf-8", "name={{instance.name}}")
			.build()).hook();

		NewDelivery delivery = single(deliveriesFor(customer("Ada"), "created"));

		assertThat(delivery.headers()).containsOnly(Map.entry("X-Callback", "https://example.com:8443/a"),
				Map.entry("X-Window", "10:00-12:00"), Map.entry("X-Empty", ""),
				Map.entry("Content-Type", "text/plain; charset=utf-8"));
		assertThat(delivery.payload()).isEqualTo("name=Ada");
		assertThat(hook.headers()).contains("X-Window");
	}

	@Test
	void eachInvalidFieldIsNamedAndNothingIsStored() {
		long revision = this.store.revision();
		this.hooks.create(HookDefinition.builder("taken", "Customer", PUBLIC_URL).build());
		revision = this.store.revision();

		assertInvalid(HookDefinition.builder("taken", "Customer", PUBLIC_URL).build(), "name", "already used");
		assertInvalid(HookDefinition.builder(" ", "Customer", PUBLIC_URL).build(), "name", "is required");
		assertInvalid(HookDefinition.builder("x", "Nope", PUBLIC_URL).build(), "entityType",
				"'Nope' is not an entity of this application (entities: Customer, Invoice)");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).events("created", "paid").build(),
				"events[1]", "'paid' is not created, updated, deleted or a registered custom event (customer.vip)");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).events().build(), "events", "is empty");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).headers("A: 1\ntoken 1234").build(),
				"headers", "line 2 \"token 1234\" has no ':'");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).headers("Content-Type: text/xml").build(),
				"headers", "set the hook's contentType instead");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.template("application/json", "{\"name\": {{instance.name}")
			.build(), "template", "is not closed");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.template("application/json", "{\"name\": {{instance.name}} \"x\"}")
			.build(), "template", "renders to invalid JSON");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.template("application/xml", "<a>{{instance.name}}</b>")
			.build(), "template", "renders to invalid XML");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).serializer("nope").build(), "serializer",
				"no HookPayloadSerializer bean is named 'nope'");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).include("secretSauce").build(),
				"include[0]", "'secretSauce' is not an attribute of Customer");
		assertInvalid(HookDefinition.builder("x", "Customer", "/relative/path").build(), "url",
				"is not an absolute http or https URL");
		assertInvalid(HookDefinition.builder("x", "Customer", "ftp://93.184.216.34/x").build(), "url",
				"is not an absolute http or https URL");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://127.0.0.1:8080/x").build(), "url",
				"resolves to the non-public address 127.0.0.1");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://localhost/x").build(), "url",
				"resolves to the non-public address");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://10.1.2.3/x").build(), "url",
				"resolves to the non-public address 10.1.2.3");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://169.254.169.254/latest").build(), "url",
				"resolves to the non-public address 169.254.169.254");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://[::1]/x").build(), "url",
				"resolves to the non-public address");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.match(new MatchCondition("name", "regex", "(unclosed"))
			.build(), "match[0].value", "is not a valid regular expression");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.match(new MatchCondition("name", "like", "x"))
			.build(), "match[0].operator", "'like' is not one of any, equals");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).httpMethod("TRACE").build(), "httpMethod",
				"'TRACE' is not one of");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).secret("hunter2").build(), "secret",
				"must start with 'whsec_'");

		assertThat(this.hooks.list()).extracting(Hook::name).containsExactly("taken");
		assertThat(this.store.revision()).isEqualTo(revision);
	}

	@Test
	void urlsOfIpv6FormsCarryingALoopbackOrMetadataAddressAreRefused() {
		assertInvalid(HookDefinition.builder("x", "Customer", "http://[::127.0.0.1]/").build(), "url",
				"resolves to the non-public address 0:0:0:0:0:0:7f00:1 (carrying 127.0.0.1)");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://[64:ff9b::7f00:1]/").build(), "url",
				"(carrying 127.0.0.1)");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/").build(),
				"url", "(carrying 169.254.169.254)");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://[2002:7f00:1::]/").build(), "url",
				"(carrying 127.0.0.1)");
		assertInvalid(HookDefinition.builder("x", "Customer", "http://[::ffff:127.0.0.1]/").build(), "url",
				"resolves to the non-public address 127.0.0.1");
		assertThat(this.hooks.list()).isEmpty();
	}

	@Test
	void aRegexOnlyABacktrackingEngineCouldRunIsRefusedAndOrdinaryOnesFilterAsDocumented() {
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.match(new MatchCondition("name", "regex", "((a+)+)\\2b"))
			.build(), "match[0].value", "is not a valid regular expression: invalid escape sequence '\\2'; filters "
					+ "use RE2 syntax, without backreferences, lookaround or possessive quantifiers");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.match(new MatchCondition("name", "any", null), new MatchCondition("name", "regex", "(?=A)\\w+"))
			.build(), "match[1].value", "lookaround");
		this.hooks.create(HookDefinition.builder("nested", "Customer", PUBLIC_URL)
			.match(new MatchCondition("name", "regex", "^(a+)+b$"))
			.build());
		this.hooks.create(HookDefinition.builder("documented", "Customer", PUBLIC_URL)
			.match(new MatchCondition("name", "regex", "(?i)^s.*D$"))
			.build());

		assertThat(firingHooks(customer("a".repeat(50_000) + "!"))).isEmpty();
		assertThat(firingHooks(customer("aaab"))).containsExactly("nested");
		assertThat(firingHooks(customer("Springfield"))).containsExactly("documented");
	}

	@Test
	void headerValuesThatCannotBeSentAreRefusedNamingTheLine() {
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).headers("X-A: 1\nX-City: caf\u00e9").build(),
				"headers", "line 2 \"X-City: caf\u00e9\" has '\u00e9' (U+00E9) in its value");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).headers("X-Bell: \u0007").build(),
				"headers", "line 1 \"X-Bell: U+0007\" has U+0007 in its value");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).headers("X-A: a\u2028X-B: b").build(),
				"headers", "line 1 \"X-A: aU+2028X-B: b\" has U+2028 in its value");
		assertThat(this.hooks.list()).isEmpty();
	}

	@Test
	void aStoredHookWhoseHeaderCannotBeSentFailsItsTestSendAsInvalidWithoutSending() throws Exception {
		// as a hook saved before header values were checked
		Instant now = Instant.now();
		String secret = WebhookSecret.generate();
		this.store.insert(new Hook("legacy", "legacy", "Customer", List.of("created"), PUBLIC_URL, "POST",
				"X-City: Z\u00fcrich", "application/json", null, null, List.of(), List.of(), List.of(), true,
				WebhookSecret.parse(secret), now, now), secret);
		try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(OkHttpTransportSettings.defaults())) {
			HookService withTransport = service(this.store, this.registry, this.deliveries, false, transport);

			assertThatExceptionOfType(InvalidHookException.class)
				.isThrownBy(() -> withTransport.testSend("legacy", Map.of("name", "Ada"), null))
				.satisfies((ex) -> assertThat(ex.errors()).singleElement()
					.satisfies((error) -> assertThat(error.toString())
						.startsWith("headers: line 1 \"X-City: Z\u00fcrich\" has '\u00fc' (U+00FC) in its value")));
		}
		this.registry.refresh();
		assertThat(firingHooks(customer("Ada"))).as("skipped when loaded").isEmpty();
	}

	@Test
	void fieldsLongerThanTheirLimitsAreRefusedNamingTheLimit() {
		assertInvalid(HookDefinition.builder("n".repeat(201), "Customer", PUBLIC_URL).build(), "name",
				"is longer than 200 characters");
		assertInvalid(HookDefinition.builder("x", "E".repeat(201), PUBLIC_URL).build(), "entityType",
				"is longer than 200 characters");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL + "/" + "p".repeat(2048)).build(), "url",
				"is longer than 2048 characters");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.events(java.util.Collections.nCopies(51, "created").toArray(String[]::new))
			.build(), "events", "has 51 entries; at most 50 are allowed");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).headers("X-A: 1\n".repeat(20_000)).build(),
				"headers", "has 20001 lines; at most 50 are allowed");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL).headers("X-A: 1\nX-B: " + "b".repeat(4092))
			.build(), "headers", "line 2 has 4097 characters; at most 4096 are allowed");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.contentType("application/" + "x".repeat(250))
			.build(), "contentType", "is longer than 255 characters");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.template("text/plain", "{{instance.name}}" + "t".repeat(5 * 1024 * 1024))
			.build(), "template", "at most 65536 (64 KiB) are allowed");
		// 32,768 two-byte characters are 64 KiB and one byte more
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.template("text/plain", "\u00e9".repeat(32_768) + "!")
			.build(), "template", "is 65537 bytes in UTF-8; at most 65536 (64 KiB) are allowed");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.include(java.util.Collections.nCopies(201, "name").toArray(String[]::new))
			.build(), "include", "has 201 entries; at most 200 are allowed");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.match(java.util.Collections.nCopies(21, new MatchCondition("name", "any", null))
				.toArray(MatchCondition[]::new))
			.build(), "match", "has 21 entries; at most 20 are allowed");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.match(new MatchCondition("name", "contains", "v".repeat(1025)))
			.build(), "match[0].value", "is longer than 1024 characters");
		assertInvalid(HookDefinition.builder("x", "Customer", PUBLIC_URL)
			.match(new MatchCondition("a".repeat(256), "any", null))
			.build(), "match[0].field", "is longer than 255 characters");
		assertThat(this.hooks.list()).isEmpty();
	}

	@Test
	void fieldsAtTheirLimitsAreStoredWhole() {
		String template = "{\"name\": \"{{instance.name}}\", \"pad\": \"" + "\u00e9".repeat(32_700) + "\"}";
		String headers = String.join("\n", java.util.Collections.nCopies(50, "X-Pad: " + "h".repeat(4089)));
		Hook hook = this.hooks.create(HookDefinition.builder("n".repeat(200), "Customer", PUBLIC_URL)
			.template("application/json", template)
			.headers(headers)
			.match(java.util.Collections.nCopies(20, new MatchCondition("name", "any", "v".repeat(1024)))
				.toArray(MatchCondition[]::new))
			.build()).hook();

		Hook stored = this.hooks.get(hook.id());
		assertThat(stored.template()).isEqualTo(template);
		assertThat(stored.headers()).isEqualTo(headers);
		assertThat(stored.match()).hasSize(20);
		assertThat(firingHooks(customer("Ada"))).containsExactly("n".repeat(200));
	}

	@Test
	void everyProblemOfOneDefinitionIsReportedTogether() {
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> this.hooks.create(HookDefinition.builder("", "Nope", "nowhere").events("paid").build()))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(InvalidHookException.FieldError::field)
				.containsExactly("name", "entityType", "events[0]", "url"));
	}

	@Test
	void queuedDeliveriesKeepTheHooksSnapshotAndAreSignedWithItsSecret() {
		CreatedHook created = this.hooks.create(HookDefinition.builder("crm", "Customer", PUBLIC_URL)
			.headers("X-Version: 1")
			.build());
		insert(deliveriesFor(customer("Ada"), "created"));

		this.hooks.update(created.hook().id(), created.hook()
			.definition()
			.toBuilder()
			.url(PUBLIC_URL + "/v2")
			.headers("X-Version: 2")
			.build());

		Delivery queued = this.outbox.queries().search(DeliverySearch.newest(10)).get(0);
		assertThat(queued.url()).isEqualTo(PUBLIC_URL);
		assertThat(queued.headers()).containsEntry("X-Version", "1");
		HookEndpointResolver resolver = new HookEndpointResolver((delivery) -> java.util.Optional.empty(),
				this.registry);
		Endpoint endpoint = resolver.resolve(queued).orElseThrow();
		assertThat(endpoint.url()).isEqualTo(PUBLIC_URL);
		assertThat(endpoint.secrets()).containsExactly(WebhookSecret.parse(created.secret()));

		String rotated = this.hooks.rotateSecret(created.hook().id());
		// the old secret signs beside the new one for the overlap window
		assertThat(resolver.resolve(queued).orElseThrow().secrets()).containsExactly(WebhookSecret.parse(rotated),
				WebhookSecret.parse(created.secret()));
		this.hooks.delete(created.hook().id());
		assertThat(resolver.resolve(queued)).as("deleted hook").isEmpty();
	}

	@Test
	void aHookCreatedThroughOneInstanceTakesEffectInASecondInstanceWithoutRestart() {
		try (HikariDataSource secondPool = this.database.newDataSource("second-instance", 2)) {
			HookRegistry secondRegistry = new HookRegistry(new JdbcHookStore(secondPool, this.json));
			secondRegistry.refresh();
			HookDeliveries secondDeliveries = new HookDeliveries(secondRegistry, HookPayloadSerializers.NONE,
					this.json, "shop");
			assertThat(secondDeliveries.hasHooks("Customer")).isFalse();
			try (PeriodicTask refresher = new PeriodicTask("hooks-refresh", Duration.ofMillis(100),
					secondRegistry::refreshIfChanged)) {
				refresher.start();

				Hook hook = this.hooks.create(HookDefinition.builder("crm", "Customer", PUBLIC_URL).build()).hook();

				await().atMost(Duration.ofSeconds(10)).until(() -> secondDeliveries.hasHooks("Customer"));
				assertThat(secondDeliveries.deliveries(HookEvent.of("Customer", "created", 7, null, customer("Ada"),
						null), Instant.now())).extracting(NewDelivery::target).containsExactly(Target.hook(hook.id()));

				this.hooks.disable(hook.id());
				await().atMost(Duration.ofSeconds(10)).until(() -> !secondDeliveries.hasHooks("Customer"));
			}
		}
	}

	@Test
	void aTestSendSignsTheRenderedSampleAndReportsTheResponse() throws Exception {
		try (MockWebServer server = new MockWebServer();
				OkHttpWebhookTransport transport = OkHttpWebhookTransport.create(new OkHttpTransportSettings(
						Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 1,
						Duration.ofSeconds(10), 0, false, true), (builder) -> {
						})) {
			server.enqueue(new MockResponse.Builder().code(202).body("thanks").build());
			server.start();
			HookService local = service(this.store, this.registry, this.deliveries, true, transport);
			CreatedHook created = local.create(HookDefinition.builder("local", "Customer", server.url("/in").toString())
				.template("application/json", "{\"name\": \"{{instance.name}}\", \"event\": \"{{event}}\"}")
				.headers("X-Env: test")
				.build());

			TestSendResult result = local.testSend(created.hook().id(), Map.of("name", TRICKY), null);

			assertThat(result.isSuccessful()).isTrue();
			assertThat(result.responseExcerpt()).isEqualTo("thanks");
			RecordedRequest request = server.takeRequest();
			String body = request.getBody().utf8();
			assertThat(this.json.readTree(body).get("name").asString()).isEqualTo(TRICKY);
			assertThat(request.getHeaders().get("X-Env")).isEqualTo("test");
			// as a delivery of the hook would be sent
			assertThat(request.getHeaders().get("User-Agent")).isEqualTo("webhooks/0.1");
			assertThat(request.getHeaders().get("webhook-source")).isEqualTo("shop");
			assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
			Map<String, String> headers = new LinkedHashMap<>();
			request.getHeaders().forEach((pair) -> headers.put(pair.getFirst().toLowerCase(), pair.getSecond()));
			new SignatureVerifier(Duration.ofMinutes(5), Clock.systemUTC()).verify(
					headers.get(StandardWebhookHeaders.WEBHOOK_ID), headers.get(StandardWebhookHeaders.WEBHOOK_TIMESTAMP),
					headers.get(StandardWebhookHeaders.WEBHOOK_SIGNATURE), body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					List.of(WebhookSecret.parse(created.secret())));
		}
	}

	private void assertInvalid(HookDefinition definition, String field, String message) {
		assertThatExceptionOfType(InvalidHookException.class).isThrownBy(() -> this.hooks.create(definition))
			.satisfies((ex) -> assertThat(ex.errors()).anySatisfy((error) -> {
				assertThat(error.field()).isEqualTo(field);
				assertThat(error.message()).contains(message);
			}));
	}

	private List<String> firingHooks(ObjectNode instance) {
		List<NewDelivery> made = deliveriesFor(instance, "created");
		return made.stream()
			.map((delivery) -> this.hooks.get(delivery.target().id()).name())
			.toList();
	}

	private List<NewDelivery> deliveriesFor(ObjectNode instance, String event) {
		return this.deliveries.deliveries(HookEvent.of("Customer", event, 7, null, instance, null), Instant.now());
	}

	/** The payload as written to and read back from the outbox of the database under test. */
	private String storedPayload(NewDelivery delivery) {
		insert(List.of(delivery));
		return this.outbox.queries().find(delivery.id()).orElseThrow().payload();
	}

	private void insert(List<NewDelivery> made) {
		DataSource dataSource = this.database.dataSource();
		try (Connection connection = dataSource.getConnection()) {
			this.outbox.writer().insert(connection, made);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ObjectNode customer(String name) {
		ObjectNode customer = this.json.createObjectNode();
		customer.put("id", 7);
		customer.put("name", name);
		customer.put("email", name.toLowerCase() + "@example.ch");
		customer.put("price", new java.math.BigDecimal("12.50"));
		customer.put("active", true);
		ObjectNode address = customer.putObject("address");
		address.put("city", "Springfield \"North\"");
		address.put("zip", "4711");
		return customer;
	}

	private static NewDelivery single(List<NewDelivery> made) {
		assertThat(made).hasSize(1);
		return made.get(0);
	}

	private static List<String> fieldNames(JsonNode node) {
		return node.propertyNames().stream().toList();
	}


}
