package dev.webhooks.hooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.WebhookRequests;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.hooks.jdbc.JdbcHookStore;
import dev.webhooks.hooks.payload.HookPayloadSerializers;
import dev.webhooks.idempotency.MutableClock;
import dev.webhooks.signing.Ed25519PublicKey;
import dev.webhooks.signing.Ed25519SigningKey;
import dev.webhooks.signing.SignatureVerificationException;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.VerificationKey;
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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A hook's keys on every database: rotation with an overlap window, and ed25519 ({@code v1a}) signatures. Requests
 * are sent to a real local server through the hook's test send, which signs as its deliveries are signed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractHookKeysContractTests {

	private static final Duration OVERLAP = Duration.ofHours(24);

	private final JsonMapper json = JsonMapper.builder().build();

	private TestDatabase database;

	private MockWebServer server;

	private OkHttpWebhookTransport transport;

	private MutableClock clock;

	private HookRegistry registry;

	private HookService hooks;

	protected abstract TestDatabase.Kind databaseKind();

	@BeforeAll
	void start() throws Exception {
		this.database = TestDatabase.createWithSchema(databaseKind());
		this.server = new MockWebServer();
		this.server.start();
		this.transport = OkHttpWebhookTransport.create(new OkHttpTransportSettings(Duration.ofSeconds(2),
				Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 1, Duration.ofSeconds(10), 0,
				false, true), (builder) -> {
				});
	}

	@AfterAll
	void stop() throws Exception {
		if (this.transport != null) {
			this.transport.close();
		}
		if (this.server != null) {
			this.server.close();
		}
		if (this.database != null) {
			this.database.close();
		}
	}

	@BeforeEach
	void emptyTables() {
		this.database.execute("DELETE FROM webhooks_hooks");
		this.clock = MutableClock.startingNow();
		JdbcHookStore store = new JdbcHookStore(this.database.dataSource(), this.json);
		this.registry = new HookRegistry(store);
		this.registry.refresh();
		HookValidator validator = new HookValidator(new EntityTypes(Map.of("Customer", Set.of("id", "name"))),
				Set.of(), HookPayloadSerializers.NONE, true);
		// the requests are timestamped with the system clock, so the receiver's tolerance holds while keys expire
		WebhookRequests requests = new WebhookRequests(DispatcherSettings.DEFAULT_USER_AGENT, "shop",
				new WebhookSigner(), Clock.systemUTC());
		this.hooks = new HookService(store, this.registry, validator,
				new HookDeliveries(this.registry, HookPayloadSerializers.NONE, this.json, "shop"), this.clock,
				this.transport, requests, null, OVERLAP);
	}

	@Test
	void aRotatedSecretKeepsSigningBesideTheNewOneUntilTheOverlapEnds() throws Exception {
		CreatedHook created = create(HookDefinition.builder("crm", "Customer", url()));
		WebhookSecret oldSecret = WebhookSecret.parse(created.secret());
		Instant rotatedAt = this.clock.instant();

		HookService.KeyRotation rotation = this.hooks.rotateSecret(created.hook().id(), OVERLAP);

		assertThat(rotation.key()).startsWith("whsec_").isNotEqualTo(created.secret());
		assertThat(rotation.previousSignsUntil()).isEqualTo(rotatedAt.plus(OVERLAP));
		WebhookSecret newSecret = WebhookSecret.parse(rotation.key());
		Hook hook = this.hooks.get(created.hook().id());
		assertThat(hook.secret()).isEqualTo(newSecret);
		assertThat(hook.previousKeys()).containsExactly(new PreviousKey(oldSecret, rotatedAt.plus(OVERLAP)));
		assertThat(hook.previousKeys().toString()).doesNotContain(created.secret());
		String header = sendTest(hook);
		assertThat(header.split(" ")).hasSize(2);
		verifies(header, oldSecret);
		verifies(header, newSecret);

		this.clock.advance(OVERLAP);

		assertThat(this.hooks.get(created.hook().id()).previousKeys()).as("expired, so not listed").isEmpty();
		String later = sendTest(hook);
		assertThat(later.split(" ")).hasSize(1);
		verifies(later, newSecret);
		assertThatExceptionOfType(SignatureVerificationException.class)
			.isThrownBy(() -> verify(later, List.of(oldSecret)));
	}

	@Test
	void rotatingAgainDuringTheOverlapKeepsEveryUnexpiredSecretAndDropsTheExpiredOnes() throws Exception {
		CreatedHook created = create(HookDefinition.builder("crm", "Customer", url()));
		String first = created.secret();
		String second = this.hooks.rotateSecret(created.hook().id());
		this.clock.advance(Duration.ofHours(1));
		String third = this.hooks.rotateSecret(created.hook().id(), Duration.ofHours(2)).key();

		Hook hook = this.hooks.get(created.hook().id());
		assertThat(hook.previousKeys()).extracting(PreviousKey::key)
			.containsExactly(WebhookSecret.parse(first), WebhookSecret.parse(second));
		String header = sendTest(hook);
		assertThat(header.split(" ")).hasSize(3);
		for (String secret : List.of(first, second, third)) {
			verifies(header, WebhookSecret.parse(secret));
		}

		this.clock.advance(Duration.ofHours(23));
		this.hooks.rotateSecret(created.hook().id(), OVERLAP);

		assertThat(storedPreviousKeys(created.hook().id())).as("the first and second expired, the third is kept")
			.doesNotContain(first, second)
			.contains(third);
	}

	@Test
	void aRotationWithoutOverlapDropsTheOldSecretAtOnce() throws Exception {
		CreatedHook created = create(HookDefinition.builder("crm", "Customer", url()));

		HookService.KeyRotation rotation = this.hooks.rotateSecret(created.hook().id(), Duration.ZERO);

		assertThat(rotation.previousSignsUntil()).isNull();
		Hook hook = this.hooks.get(created.hook().id());
		assertThat(hook.previousKeys()).isEmpty();
		String header = sendTest(hook);
		assertThat(header.split(" ")).hasSize(1);
		verifies(header, WebhookSecret.parse(rotation.key()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.hooks.rotateSecret(created.hook().id(), Duration.ofSeconds(-1)))
			.withMessageContaining("negative");
		assertThatExceptionOfType(HookNotFoundException.class)
			.isThrownBy(() -> this.hooks.rotateSecret("no-such-hook", OVERLAP));
	}

	@Test
	void aV1aHookSignsWithItsGeneratedKeyOnlySoThePublicKeyAloneVerifies() throws Exception {
		CreatedHook created = create(HookDefinition.builder("crm", "Customer", url()).signatures("v1a"));

		Hook hook = this.hooks.get(created.hook().id());
		assertThat(hook.signatures()).containsExactly("v1a");
		assertThat(hook.signingKey()).isNotNull();
		assertThat(hook.signingKey().toString()).endsWith("…");
		Ed25519PublicKey publicKey = Ed25519PublicKey.parse(hook.publicKey().toString());
		String header = sendTest(hook);
		assertThat(header).startsWith("v1a,").doesNotContain("v1,");
		verifies(header, publicKey);
		assertThatExceptionOfType(SignatureVerificationException.class)
			.isThrownBy(() -> verify(header, List.of(WebhookSecret.parse(created.secret()))))
			.withMessageContaining("no v1 signature");
	}

	@Test
	void aHookSwitchedToBothVersionsGetsOneKeyThatLaterUpdatesKeep() throws Exception {
		CreatedHook created = create(HookDefinition.builder("crm", "Customer", url()));
		assertThat(created.hook().signingKey()).isNull();
		assertThat(created.hook().signatures()).containsExactly("v1");

		Hook both = this.hooks.update(created.hook().id(),
				created.hook().definition().toBuilder().signatures("v1", "v1a").build());
		Ed25519SigningKey key = this.hooks.get(created.hook().id()).signingKey();
		assertThat(key).isNotNull().isEqualTo(both.signingKey());
		// an update that does not name the versions keeps them and the key
		Hook renamed = this.hooks.update(created.hook().id(),
				new HookDefinition("crm-2", "Customer", List.of("created"), url(), null, null, null, null, null,
						List.of(), List.of(), List.of(), null, null));
		assertThat(renamed.signatures()).containsExactly("v1", "v1a");
		assertThat(this.hooks.get(created.hook().id()).signingKey()).isEqualTo(key);

		String header = sendTest(renamed);
		assertThat(header.split(" ")).hasSize(2);
		verifies(header, WebhookSecret.parse(created.secret()));
		verifies(header, key.publicKey());
	}

	@Test
	void aRotatedSigningKeyKeepsSigningBesideTheNewOneUntilTheOverlapEnds() throws Exception {
		CreatedHook created = create(HookDefinition.builder("crm", "Customer", url()).signatures("v1a"));
		Ed25519SigningKey oldKey = this.hooks.get(created.hook().id()).signingKey();

		HookService.KeyRotation rotation = this.hooks.rotateSigningKey(created.hook().id(), Duration.ofHours(1));

		assertThat(rotation.key()).startsWith("whpk_").isNotEqualTo(oldKey.publicKey().toString());
		assertThat(rotation.previousSignsUntil()).isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
		Hook hook = this.hooks.get(created.hook().id());
		assertThat(hook.publicKey()).hasToString(rotation.key());
		String header = sendTest(hook);
		assertThat(header.split(" ")).hasSize(2).allMatch((signature) -> signature.startsWith("v1a,"));
		verifies(header, oldKey.publicKey());
		verifies(header, Ed25519PublicKey.parse(rotation.key()));

		this.clock.advance(Duration.ofHours(1));

		String later = sendTest(hook);
		assertThat(later.split(" ")).hasSize(1);
		verifies(later, Ed25519PublicKey.parse(rotation.key()));
	}

	@Test
	void anUnknownSignatureVersionIsRefusedNamingIt() {
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> this.hooks.create(HookDefinition.builder("crm", "Customer", url())
				.signatures("v1", "v2", "v1")
				.build()))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(InvalidHookException.FieldError::message)
				.containsExactly("'v2' is not one of [v1, v1a]", "'v1' is listed twice"));
	}

	private CreatedHook create(HookDefinition.Builder definition) {
		return this.hooks.create(definition.build());
	}

	private String url() {
		return this.server.url("/in").toString();
	}

	// sends the hook's test request and answers the webhook-signature header it carried
	private String sendTest(Hook hook) throws InterruptedException {
		this.server.enqueue(new MockResponse.Builder().code(204).build());
		TestSendResult result = this.hooks.testSend(hook.id(), Map.of("name", "Ada"), "created");
		assertThat(result.isSuccessful()).as("test send: %s", result).isTrue();
		RecordedRequest request = this.server.takeRequest();
		this.lastId = request.getHeaders().get("webhook-id");
		this.lastTimestamp = request.getHeaders().get("webhook-timestamp");
		this.lastBody = request.getBody().utf8().getBytes(StandardCharsets.UTF_8);
		return request.getHeaders().get("webhook-signature");
	}

	private String lastId;

	private String lastTimestamp;

	private byte[] lastBody;

	private void verifies(String header, VerificationKey key) {
		assertThatNoException().as("verifies with %s", key).isThrownBy(() -> verify(header, List.of(key)));
	}

	private void verify(String header, List<? extends VerificationKey> keys) {
		new SignatureVerifier(Duration.ofMinutes(5), Clock.systemUTC()).verify(this.lastId, this.lastTimestamp,
				header, this.lastBody, keys);
	}

	private String storedPreviousKeys(String id) {
		try (var connection = this.database.dataSource().getConnection();
				var statement = connection.prepareStatement("SELECT previous_keys FROM webhooks_hooks WHERE id = ?")) {
			statement.setString(1, id);
			try (var resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getString(1);
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
