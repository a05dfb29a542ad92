package dev.webhooks.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.TargetLimits;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.events.OperationalEventListener;
import dev.webhooks.hooks.Hook;
import dev.webhooks.hooks.HookRegistry;
import dev.webhooks.hooks.HookStore;
import dev.webhooks.signing.SigningKey;
import dev.webhooks.signing.WebhookSecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dispatcher's target policy from {@code webhooks.dispatch.*}, {@code webhooks.servers.<id>.*} and each runtime
 * hook's limits.
 */
class TargetPoliciesTests {

	@Test
	void defaultsGiveEachTargetALaneOfEightABreakerAndThrottling() {
		TargetPolicy policy = TargetPolicies.of(new WebhooksProperties(), OperationalEventListener.NONE);
		assertThat(policy.limits().apply(Target.hook("7"))).isEqualTo(TargetLimits.concurrency(8));
		assertThat(policy.breaker().enabled()).isTrue();
		assertThat(policy.breaker().failureRateThreshold()).isEqualTo(0.5);
		assertThat(policy.breaker().minimumCalls()).isEqualTo(20);
		assertThat(policy.breaker().coolDown()).isEqualTo(Duration.ofSeconds(30));
		assertThat(policy.throttleStatuses()).isEqualTo(Set.of(429, 502, 503, 504));
		assertThat(policy.throttlePause()).isEqualTo(Duration.ofSeconds(5));
		assertThat(policy.disableOnGone()).isTrue();
	}

	@Test
	void aServerSetsItsOwnLaneAndTakesTheDefaultsForTheRest() {
		WebhooksProperties properties = new WebhooksProperties();
		properties.getDispatch().setTargetMaxConcurrency(6);
		WebhooksProperties.Server erp = new WebhooksProperties.Server();
		erp.setRateLimit(50.0);
		erp.setBurst(10);
		properties.getServers().put("erp", erp);
		WebhooksProperties.Server crm = new WebhooksProperties.Server();
		crm.setMaxConcurrency(2);
		properties.getServers().put("crm", crm);
		TargetPolicy policy = TargetPolicies.of(properties, OperationalEventListener.NONE);
		assertThat(policy.limits().apply(Target.server("erp"))).isEqualTo(new TargetLimits(6, 50, 10));
		assertThat(policy.limits().apply(Target.server("crm"))).isEqualTo(TargetLimits.concurrency(2));
		assertThat(policy.limits().apply(Target.server("unknown"))).isEqualTo(TargetLimits.concurrency(6));
	}

	@Test
	void aHookSetsItsOwnLaneFromTheRegistryAndTheRegistrysRevisionIsTheLimitsVersion() {
		WebhooksProperties properties = new WebhooksProperties();
		properties.getDispatch().setTargetMaxConcurrency(6);
		properties.getDispatch().setTargetBurst(4);
		Instant now = Instant.now();
		HookRegistry registry = new HookRegistry(new FixedHookStore(List.of(hook("capped", now, 2, null),
				hook("paced", now, null, 0.5))));
		registry.refresh();

		TargetPolicy policy = TargetPolicies.of(properties, OperationalEventListener.NONE, registry);

		assertThat(policy.limits().apply(Target.hook("capped"))).isEqualTo(new TargetLimits(2, 0, 4));
		assertThat(policy.limits().apply(Target.hook("paced"))).isEqualTo(new TargetLimits(6, 0.5, 4));
		assertThat(policy.limits().apply(Target.hook("gone"))).isEqualTo(new TargetLimits(6, 0, 4));
		assertThat(policy.limitsVersion().getAsLong()).isEqualTo(registry.revision()).isEqualTo(42);
	}

	@Test
	void aValueThatDoesNotFitNamesItsProperty() {
		WebhooksProperties properties = new WebhooksProperties();
		WebhooksProperties.Server erp = new WebhooksProperties.Server();
		erp.setMaxConcurrency(0);
		properties.getServers().put("erp", erp);
		assertThatExceptionOfType(InvalidWebhooksPropertyException.class)
			.isThrownBy(() -> TargetPolicies.of(properties, OperationalEventListener.NONE))
			.withMessageContaining("webhooks.servers.erp.max-concurrency");
		WebhooksProperties breaker = new WebhooksProperties();
		breaker.getDispatch().getBreaker().setFailureRateThreshold(1.5);
		assertThatExceptionOfType(InvalidWebhooksPropertyException.class)
			.isThrownBy(() -> TargetPolicies.of(breaker, OperationalEventListener.NONE))
			.withMessageContaining("webhooks.dispatch.breaker");
	}

	private static Hook hook(String id, Instant now, Integer maxConcurrency, Double rateLimit) {
		return new Hook(id, id, "Customer", List.of("created"), "https://example.com/" + id, "POST", null,
				"application/json", null, null, List.of(), List.of(), List.of(), true,
				WebhookSecret.parse(WebhookSecret.generate()), now, now, List.of("v1"), null, List.of(), false,
				maxConcurrency, rateLimit, null);
	}

	/** The hooks given, at revision 42. */
	private record FixedHookStore(List<Hook> hooks) implements HookStore {

		@Override
		public List<Hook> findAll() {
			return this.hooks;
		}

		@Override
		public Optional<Hook> findById(String id) {
			return this.hooks.stream().filter((hook) -> hook.id().equals(id)).findFirst();
		}

		@Override
		public Optional<Hook> findByName(String name) {
			return this.hooks.stream().filter((hook) -> hook.name().equals(name)).findFirst();
		}

		@Override
		public void insert(Hook hook, String secret) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean update(Hook hook) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean updateSecret(String id, String secret, Instant updatedAt) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean rotateKey(String id, SigningKey newKey, Instant previousExpiresAt, Instant now) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean setEnabled(String id, boolean enabled, Instant updatedAt) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean delete(String id) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long revision() {
			return 42;
		}

	}

}
