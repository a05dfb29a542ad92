package dev.webhooks.autoconfigure.hooks;

import java.time.Duration;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.WebhooksAutoConfiguration;
import dev.webhooks.autoconfigure.WebhooksOutboxAutoConfiguration;
import dev.webhooks.autoconfigure.security.WebhooksAccessAutoConfiguration;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.EndpointResolver;
import dev.webhooks.dispatch.TargetLimits;
import dev.webhooks.dispatch.TargetPolicy;
import dev.webhooks.eventlog.EventLog;
import dev.webhooks.eventlog.EventLogPurge;
import dev.webhooks.eventlog.EventLogSink;
import dev.webhooks.hooks.HookDeliveries;
import dev.webhooks.hooks.HookEndpointResolver;
import dev.webhooks.hooks.HookRegistry;
import dev.webhooks.hooks.HookReplay;
import dev.webhooks.hooks.HookService;
import dev.webhooks.hooks.HookStore;
import dev.webhooks.spring.hooks.HooksController;
import dev.webhooks.spring.security.SpringSecurityWebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class HooksAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(DataSourceAutoConfiguration.class,
			JacksonAutoConfiguration.class, WebhooksAutoConfiguration.class, WebhooksOutboxAutoConfiguration.class,
			WebhooksAccessAutoConfiguration.class, HooksAutoConfiguration.class);

	private static final String[] PROPERTIES = { "spring.datasource.url=jdbc:h2:mem:hooks-${random.uuid}",
			"webhooks.app-id=shop" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
		.withPropertyValues(PROPERTIES);

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues(PROPERTIES);

	@Test
	void providesTheHooksServiceRegistryAndAPrimaryEndpointResolverForTheDispatcher() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(HookStore.class)
				.hasSingleBean(HookRegistry.class)
				.hasSingleBean(HookDeliveries.class)
				.hasSingleBean(HookService.class)
				.hasBean("webhooksHookRefresher")
				.doesNotHaveBean(HooksController.class);
			assertThat(context.getBean(EndpointResolver.class)).isInstanceOf(HookEndpointResolver.class);
			assertThat(context.getBean(HookRegistry.class).revision()).isZero();
		});
	}

	@Test
	void theDispatchersTargetPolicyReadsHookLimitsFromTheRegistryAndFollowsItsRevision() {
		this.runner.run((context) -> {
			TargetPolicy policy = context.getBean(TargetPolicy.class);
			HookRegistry registry = context.getBean(HookRegistry.class);
			assertThat(policy.limitsVersion().getAsLong()).isEqualTo(registry.revision());
			assertThat(policy.limits().apply(Target.hook("unknown"))).isEqualTo(TargetLimits.concurrency(8));
		});
	}

	@Test
	void keepsNoEventLogUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(EventLog.class)
			.doesNotHaveBean(EventLogSink.class)
			.doesNotHaveBean(HookReplay.class)
			.doesNotHaveBean(EventLogPurge.class));
	}

	@Test
	void withTheEventLogEnabledProvidesTheLogItsSinkTheReplayAndThePurgeWithItsRetention() {
		this.runner
			.withPropertyValues("webhooks.hooks.event-log.enabled=true", "webhooks.hooks.event-log.retention=3d",
					"webhooks.hooks.event-log.entity-types=Customer, Invoice")
			.run((context) -> {
				assertThat(context).hasSingleBean(EventLog.class)
					.hasSingleBean(HookReplay.class)
					.hasSingleBean(EventLogPurge.class);
				assertThat(context.getBean(EventLogPurge.class).retention()).isEqualTo(Duration.ofDays(3));
				EventLogSink sink = context.getBean(EventLogSink.class);
				assertThat(sink.logs("Customer")).isTrue();
				assertThat(sink.logs("Invoice")).isTrue();
				assertThat(sink.logs("Order")).isFalse();
			});
	}

	@Test
	void aBadEventLogPropertyFailsTheStartUpNamingIt() {
		this.runner.withPropertyValues("webhooks.hooks.event-log.retention=0s").run((context) -> assertThat(context)
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidWebhooksPropertyException.class)
			.hasMessageContaining("webhooks.hooks.event-log.retention"));
		this.runner.withPropertyValues("webhooks.hooks.event-log.replay-page-size=0").run((context) -> assertThat(
				context)
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidWebhooksPropertyException.class)
			.hasMessageContaining("webhooks.hooks.event-log.replay-page-size"));
	}

	@Test
	void servesTheRestApiWithTheRoleCheckWhenSpringSecurityIsPresent() {
		this.webRunner.run((context) -> {
			assertThat(context).hasSingleBean(HooksController.class);
			assertThat(context.getBean(WebhooksAccess.class)).isInstanceOf(SpringSecurityWebhooksAccess.class);
		});
	}

	@Test
	void leavesTheRestApiOffWithoutSpringSecurityUnlessExplicitlyAllowed() {
		this.webRunner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
			.run((context) -> assertThat(context).hasSingleBean(HookService.class)
				.doesNotHaveBean(HooksController.class)
				.doesNotHaveBean(WebhooksAccess.class));
		this.webRunner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
			.withPropertyValues("webhooks.hooks.api.allow-without-security=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(HooksController.class);
				assertThat(context.getBean(WebhooksAccess.class)).isSameAs(WebhooksAccess.ALLOW_ALL);
			});
	}

	@Test
	void theRestApiChecksTheRoleOfItsProperty() {
		this.webRunner.withPropertyValues("webhooks.hooks.api.role=HOOK_EDITOR").run((context) -> {
			SpringSecurityWebhooksAccess access = context.getBean(SpringSecurityWebhooksAccess.class);
			assertThat(access.role(WebhooksAccess.Action.MANAGE_HOOKS)).isEqualTo("HOOK_EDITOR");
			assertThat(access.role(WebhooksAccess.Action.USE_ADMIN_PAGES)).isEqualTo("WEBHOOKS_ADMIN");
		});
	}

	@Test
	void theRestApiUsesTheAccessBeanOfTheApplication() {
		WebhooksAccess own = (request, action) -> {
		};
		this.webRunner.withBean(WebhooksAccess.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(HooksController.class);
			assertThat(context.getBean(WebhooksAccess.class)).isSameAs(own);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.webRunner.withPropertyValues("webhooks.hooks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HookService.class)
				.doesNotHaveBean(HookRegistry.class)
				.doesNotHaveBean(HooksController.class));
		this.webRunner.withPropertyValues("webhooks.hooks.api.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(HookService.class)
				.doesNotHaveBean(HooksController.class));
	}

	@Test
	void failsAtStartupNamingAMisconfiguredProperty() {
		this.runner.withPropertyValues("webhooks.hooks.refresh-interval=0s").run((context) -> assertThat(context)
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidWebhooksPropertyException.class)
			.hasMessageContaining("webhooks.hooks.refresh-interval"));
		this.webRunner.withPropertyValues("webhooks.hooks.api.path=api/hooks").run((context) -> assertThat(context)
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidWebhooksPropertyException.class)
			.hasMessageContaining("webhooks.hooks.api.path"));
		this.webRunner.withPropertyValues("webhooks.hooks.api.role= ").run((context) -> assertThat(context)
			.getFailure()
			.rootCause()
			.isInstanceOf(InvalidWebhooksPropertyException.class)
			.hasMessageContaining("webhooks.hooks.api.role"));
		this.runner.withPropertyValues("webhooks.hooks.custom-events=invoice.paid,created")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageContaining("webhooks.hooks.custom-events"));
	}

}
