package dev.webhooks.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;

import javax.sql.DataSource;

import dev.webhooks.delivery.DeliveryCommands;
import dev.webhooks.delivery.DeliveryLeases;
import dev.webhooks.delivery.DeliveryQueries;
import dev.webhooks.delivery.OutboxWriter;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.RetryPolicy;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.idempotency.IdempotencyGuard;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.publish.WebhookPublisher;
import dev.webhooks.receive.ReceivedMessages;
import dev.webhooks.receive.WebhookInbox;
import dev.webhooks.spring.actuate.WebhooksSanitizingFunction;
import dev.webhooks.spring.receive.WebhookReceiverController;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class WebhooksAutoConfigurationTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final AutoConfigurations WEBHOOKS = AutoConfigurations.of(WebhooksAutoConfiguration.class,
			WebhooksOutboxAutoConfiguration.class, WebhooksCaptureAutoConfiguration.class,
			WebhookReceiverAutoConfiguration.class, idempotencyAutoConfiguration());

	private static Class<?> idempotencyAutoConfiguration() {
		try {
			return Class.forName("dev.webhooks.autoconfigure.idempotency.IdempotencyAutoConfiguration");
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withConfiguration(WEBHOOKS)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig-${random.uuid}", "webhooks.app-id=shop",
				"webhooks.servers.warehouse.url=https://warehouse.example.com/webhooks/receive",
				"webhooks.servers.warehouse.secret=" + SECRET);

	@Test
	void providesTheOutboxPublisherAndDispatcherAndCreatesTheTables() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PeerServers.class)
				.hasSingleBean(OutboxWriter.class)
				.hasSingleBean(DeliveryLeases.class)
				.hasSingleBean(DeliveryQueries.class)
				.hasSingleBean(DeliveryCommands.class)
				.hasSingleBean(TargetStates.class)
				.hasSingleBean(WebhookPublisher.class)
				.hasSingleBean(DeliveryDispatcher.class)
				.hasSingleBean(WebhookTransport.class)
				.hasSingleBean(WebhooksSchemaInitializer.class)
				.doesNotHaveBean(WebhookInbox.class);
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					ResultSet tables = connection.getMetaData().getTables(null, null, "WEBHOOKS_DELIVERIES", null)) {
				assertThat(tables.next()).isTrue();
			}
			assertThat(context.getBean(PeerServers.class).targets(java.util.List.of(), null)).hasSize(1);
		});
	}

	@Test
	void theStoresDependOnTheSchemaThroughBootsDatabaseInitializationOrdering() {
		this.runner.run((context) -> {
			for (String store : new String[] { "webhooksDeliveryLeases", "webhooksDeliveryQueries",
					"webhooksDeliveryCommands", "webhooksTargetStates" }) {
				assertThat(context.getBeanFactory().getBeanDefinition(store).getDependsOn()).as(store)
					.contains("webhooksSchemaInitializer");
			}
		});
		this.runner.withPropertyValues("webhooks.schema.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhooksSchemaInitializer.class)
				.hasSingleBean(DeliveryLeases.class));
	}

	@Test
	void doesNothingWhenDisabled() {
		this.runner.withPropertyValues("webhooks.enabled=false").run((context) -> assertThat(context)
			.doesNotHaveBean(PeerServers.class)
			.doesNotHaveBean(OutboxWriter.class)
			.doesNotHaveBean(DeliveryDispatcher.class)
			.doesNotHaveBean(WebhooksSchemaInitializer.class)
			.doesNotHaveBean(IdempotencyGuard.class)
			.doesNotHaveBean(IdempotencyStore.class));
	}

	@Test
	void writesButDoesNotSendWhenDispatchIsOff() {
		this.runner.withPropertyValues("webhooks.dispatch.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(WebhookPublisher.class)
				.doesNotHaveBean(DeliveryDispatcher.class));
	}

	@Test
	void leavesTheSchemaAloneWhenAskedTo() {
		this.runner.withPropertyValues("webhooks.schema.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhooksSchemaInitializer.class));
	}

	@Test
	void hasNoOutboxWithoutADataSource() {
		new ApplicationContextRunner().withConfiguration(WEBHOOKS)
			.withPropertyValues("webhooks.app-id=shop")
			.run((context) -> assertThat(context).hasSingleBean(PeerServers.class)
				.doesNotHaveBean(OutboxWriter.class)
				.doesNotHaveBean(DeliveryDispatcher.class));
	}

	@Test
	void backsOffForTheApplicationsOwnBeans() {
		this.runner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context.getBean(RetryPolicy.class)).isSameAs(context.getBean(OwnBeans.class).retryPolicy);
			assertThat(context.getBean(WebhookTransport.class)).isSameAs(context.getBean(OwnBeans.class).transport);
		});
	}

	@Test
	void servesTheReceiverInServletWebApplications() {
		new WebApplicationContextRunner().withConfiguration(WEBHOOKS)
			.withPropertyValues("webhooks.app-id=warehouse", "webhooks.servers.shop.secret=" + SECRET)
			.run((context) -> assertThat(context).hasSingleBean(WebhookInbox.class)
				.hasSingleBean(WebhookReceiverController.class)
				.hasSingleBean(ReceivedMessages.class));
		new WebApplicationContextRunner().withConfiguration(WEBHOOKS)
			.withPropertyValues("webhooks.app-id=warehouse", "webhooks.receiver.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebhookReceiverController.class));
	}

	@Test
	void refusesToStartWhenAHandlerNamesASourceThatIsNotConfigured() {
		new WebApplicationContextRunner().withConfiguration(WEBHOOKS)
			.withPropertyValues("webhooks.app-id=warehouse")
			.withBean(StripeHandlers.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("@WebhookHandler(source = \"stripe-like\") on " + StripeHandlers.class.getName()
						+ ".paid() names a source that is not configured; configure "
						+ "webhooks.receiver.sources.stripe-like.secret"));
		new WebApplicationContextRunner().withConfiguration(WEBHOOKS)
			.withPropertyValues("webhooks.app-id=warehouse", "webhooks.receiver.sources.stripe-like.secret=" + SECRET)
			.withBean(StripeHandlers.class)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(WebhookInbox.class));
	}

	static class StripeHandlers {

		@dev.webhooks.receive.WebhookHandler(source = "stripe-like", value = "invoice.paid")
		void paid() {
		}

	}

	@Test
	void refusesToStartWithServersButNoAppId() {
		new ApplicationContextRunner().withConfiguration(WEBHOOKS)
			.withPropertyValues("webhooks.servers.shop.secret=" + SECRET)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageStartingWith("webhooks.app-id: must be set"));
	}

	@Test
	void refusesToStartWithAMissingOrMalformedSecretNamingTheProperty() {
		this.runner.withPropertyValues("webhooks.servers.erp.url=https://erp.example.com/in")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.servers.erp.secret: is required"));
		this.runner.withPropertyValues("webhooks.servers.warehouse.secret=hunter2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("webhooks.servers.warehouse.secret: secret must start with 'whsec_' followed by base64")
				.message()
				.doesNotContain("hunter2"));
		this.runner.withPropertyValues("webhooks.servers.warehouse.previous-secrets[0]=whsec_!!")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.servers.warehouse.previous-secrets[0]: "));
	}

	@Test
	void refusesToStartWithAUrlThatIsNotAbsoluteHttp() {
		this.runner.withPropertyValues("webhooks.servers.warehouse.url=ftp://warehouse.example.com/in")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("webhooks.servers.warehouse.url: 'ftp://warehouse.example.com/in' is not an absolute "
						+ "http or https URL"));
		this.runner.withPropertyValues("webhooks.servers.warehouse.url=/webhooks/receive")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.servers.warehouse.url: "));
	}

	@Test
	void refusesALeaseShorterThanTheCallTimeout() {
		this.runner.withPropertyValues("webhooks.dispatch.lease-duration=50s", "webhooks.http.call-timeout=30s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.dispatch.lease-duration: PT50S must be longer than the longest "
						+ "HTTP call, webhooks.http.call-timeout (PT30S) times 1 + webhooks.http.connect-retries (1) = PT1M"));
	}

	@Test
	void buildsTheApplicationsSecurityChainWithNoWebServer() {
		this.runner.withUserConfiguration(ActuatorSecurity.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SecurityFilterChain.class)
				.hasBean("springSecurityFilterChain"));
		this.runner.withPropertyValues("webhooks.enabled=false")
			.withUserConfiguration(ActuatorSecurity.class)
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void leavesWebSecurityAloneWithoutASecurityChainOrInAWebApplication() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("springSecurityFilterChain"));
		new WebApplicationContextRunner().withConfiguration(WEBHOOKS)
			.withPropertyValues("webhooks.app-id=shop")
			.withUserConfiguration(ActuatorSecurity.class)
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void masksTheLibrarysSecretsInActuatorEvenWhenTheLibraryIsOff() {
		ApplicationContextRunner sanitizing = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebhooksSanitizingAutoConfiguration.class));
		sanitizing.withPropertyValues("webhooks.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(WebhooksSanitizingFunction.class));
		sanitizing.withBean("webhooksSanitizingFunction", SanitizingFunction.class, SanitizingFunction::sanitizeValue)
			.run((context) -> assertThat(context).doesNotHaveBean(WebhooksSanitizingFunction.class));
		sanitizing.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebhooksSanitizingFunction.class));
	}

	@Test
	void failureAnalysisNamesThePropertyToFix() {
		FailureAnalysis analysis = new InvalidWebhooksPropertyFailureAnalyzer().analyze(new RuntimeException(
				new InvalidWebhooksPropertyException("webhooks.retry.jitter", "(2.0) must be from 0 (none) ...")));
		assertThat(analysis.getDescription()).contains("webhooks.retry.jitter");
		assertThat(analysis.getAction()).contains("webhooks.retry.jitter");
	}

	@Configuration(proxyBeanMethods = false)
	static class ActuatorSecurity {

		@Bean
		SecurityFilterChain actuator(HttpSecurity http) {
			return http.securityMatcher("/actuator/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().denyAll())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		final RetryPolicy retryPolicy = mock(RetryPolicy.class);

		final WebhookTransport transport = mock(WebhookTransport.class);

		@Bean
		RetryPolicy ownRetryPolicy() {
			return this.retryPolicy;
		}

		@Bean
		WebhookTransport ownTransport() {
			return this.transport;
		}

	}

}
