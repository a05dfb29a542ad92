package dev.webhooks.autoconfigure;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.TargetLimits;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.events.OperationalEventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The dispatcher's target policy from {@code webhooks.dispatch.*} and {@code webhooks.servers.<id>.*}. */
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

}
