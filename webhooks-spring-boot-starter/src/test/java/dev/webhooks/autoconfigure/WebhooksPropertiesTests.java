package dev.webhooks.autoconfigure;

import java.util.Map;

import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.signing.SignatureVerifier;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class WebhooksPropertiesTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultValuesAreConsistent() {
		WebhooksProperties properties = new WebhooksProperties();
		DispatcherSettings dispatch = DispatcherSettings.defaults("app");
		assertThat(properties.getDispatch().getPollInterval()).isEqualTo(dispatch.pollInterval());
		assertThat(properties.getDispatch().getBatchSize()).isEqualTo(dispatch.batchSize());
		assertThat(properties.getDispatch().getMaxConcurrency()).isEqualTo(dispatch.maxConcurrency());
		assertThat(properties.getDispatch().getLeaseDuration()).isEqualTo(dispatch.leaseDuration());
		assertThat(properties.getDispatch().getShutdownGracePeriod()).isEqualTo(dispatch.shutdownGracePeriod());
		assertThat(properties.getDispatch().getLoggerName()).isEqualTo(dispatch.loggerName());
		ExponentialBackoffRetryPolicy.Settings retry = ExponentialBackoffRetryPolicy.Settings.defaults();
		assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(retry.maxAttempts());
		assertThat(properties.getRetry().getInitialInterval()).isEqualTo(retry.initialInterval());
		assertThat(properties.getRetry().getMultiplier()).isEqualTo(retry.multiplier());
		assertThat(properties.getRetry().getMaxInterval()).isEqualTo(retry.maxInterval());
		assertThat(properties.getRetry().getJitter()).isEqualTo(retry.jitter());
		OkHttpTransportSettings http = OkHttpTransportSettings.defaults();
		assertThat(properties.getHttp().getConnectTimeout()).isEqualTo(http.connectTimeout());
		assertThat(properties.getHttp().getReadTimeout()).isEqualTo(http.readTimeout());
		assertThat(properties.getHttp().getWriteTimeout()).isEqualTo(http.writeTimeout());
		assertThat(properties.getHttp().getCallTimeout()).isEqualTo(http.callTimeout());
		assertThat(properties.getHttp().getMaxIdleConnections()).isEqualTo(http.maxIdleConnections());
		assertThat(properties.getHttp().getKeepAlive()).isEqualTo(http.keepAlive());
		assertThat(properties.getHttp().getConnectRetries()).isEqualTo(http.connectRetries());
		assertThat(properties.getHttp().isAllowPrivateAddresses()).isEqualTo(http.allowPrivateAddresses());
		assertThat(properties.getReceiver().getTimestampTolerance()).isEqualTo(SignatureVerifier.DEFAULT_TOLERANCE);
		properties.validate();
	}

	@Test
	void everyInvalidValueFailsTheStartUpNamingItsProperty() {
		Map<String, String> invalid = Map.ofEntries(Map.entry("webhooks.app-id", "-shop"),
				Map.entry("webhooks.dispatch.poll-interval", "0s"), Map.entry("webhooks.dispatch.batch-size", "0"),
				Map.entry("webhooks.dispatch.max-concurrency", "-1"),
				Map.entry("webhooks.dispatch.lease-duration", "10s"),
				Map.entry("webhooks.dispatch.shutdown-grace-period", "-1s"),
				Map.entry("webhooks.dispatch.logger-name", " "), Map.entry("webhooks.retry.max-attempts", "0"),
				Map.entry("webhooks.retry.initial-interval", "0s"), Map.entry("webhooks.retry.multiplier", "0.5"),
				Map.entry("webhooks.retry.max-interval", "1s"), Map.entry("webhooks.retry.jitter", "1"),
				Map.entry("webhooks.http.connect-timeout", "0s"), Map.entry("webhooks.http.read-timeout", "-1s"),
				Map.entry("webhooks.http.write-timeout", "0s"), Map.entry("webhooks.http.call-timeout", "-5s"),
				Map.entry("webhooks.http.connect-retries", "-1"),
				Map.entry("webhooks.http.max-idle-connections", "-1"), Map.entry("webhooks.http.keep-alive", "0s"),
				Map.entry("webhooks.receiver.path", "webhooks"),
				Map.entry("webhooks.receiver.timestamp-tolerance", "-5m"),
				Map.entry("webhooks.receiver.max-body-size", "-1MB"),
				Map.entry("webhooks.receiver.deduplication.retention", "0s"),
				Map.entry("webhooks.receiver.deduplication.lock-timeout", "0s"));
		InvalidPropertyValues.assertEachFailsNamingItsProperty(this.runner, invalid, null);
	}

	@Test
	void aDeduplicationRetentionTheTimestampToleranceStillAcceptsAReplayWithinIsRefused() {
		this.runner.withPropertyValues("webhooks.receiver.deduplication.retention=9m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("webhooks.receiver.deduplication.retention: (PT9M) must be at least twice "
						+ "webhooks.receiver.timestamp-tolerance (PT5M)"));
		this.runner.withPropertyValues("webhooks.receiver.deduplication.retention=10m")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void serversAreCheckedWithoutEchoingACredential() {
		this.runner
			.withPropertyValues("webhooks.app-id=shop", "webhooks.servers.erp.secret=" + SECRET,
					"webhooks.servers.erp.url=ftp://user:s3cr3t-pw@erp.example.com/in")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("webhooks.servers.erp.url: 'ftp://***@erp.example.com/in' is not an absolute http or "
						+ "https URL")
				.hasMessageNotContaining("s3cr3t-pw"));
		this.runner
			.withPropertyValues("webhooks.app-id=shop", "webhooks.servers.erp.secret=" + SECRET,
					"webhooks.servers.erp.url=https://user:s3cr3t-pw@erp example.com/in")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.servers.erp.url: 'https://***@erp example.com/in' is not a URL")
				.hasMessageNotContaining("s3cr3t-pw"));
		this.runner.withPropertyValues("webhooks.app-id=shop", "webhooks.servers.erp.secret=whsec_tooshort")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.servers.erp.secret:")
				.hasMessageNotContaining("tooshort"));
		this.runner.withPropertyValues("webhooks.servers.erp.secret=" + SECRET)
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageStartingWith("webhooks.app-id:"));
	}

	@Test
	void inboundSourcesAreCheckedWithoutEchoingACredential() {
		this.runner.withPropertyValues("webhooks.receiver.sources.stripe-like.type-field=kind")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageStartingWith("webhooks.receiver.sources.stripe-like.secret: is required"));
		this.runner.withPropertyValues("webhooks.receiver.sources.stripe-like.secret=whsec_tooshort")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.receiver.sources.stripe-like.secret:")
				.hasMessageNotContaining("tooshort"));
		this.runner
			.withPropertyValues("webhooks.receiver.sources.stripe-like.secret=" + SECRET,
					"webhooks.receiver.sources.stripe-like.previous-secrets[0]=whsec_old")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.receiver.sources.stripe-like.previous-secrets[0]:")
				.hasMessageNotContaining("whsec_old"));
		this.runner
			.withPropertyValues("webhooks.receiver.sources.stripe-like.secret=" + SECRET,
					"webhooks.receiver.sources.stripe-like.type-field= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.receiver.sources.stripe-like.type-field:")
				.hasMessageContaining("must not be empty"));
		this.runner.withPropertyValues("webhooks.receiver.sources.[stripe like].secret=" + SECRET)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("webhooks.receiver.sources.stripe like: source name 'stripe like' must be"));
		this.runner
			.withPropertyValues("webhooks.receiver.sources.stripe-like.secret=" + SECRET,
					"webhooks.receiver.sources.stripe-like.type-field=/event/type")
			.run((context) -> assertThat(context.getBean(WebhooksProperties.class).getReceiver().toInboundSources())
				.singleElement()
				.satisfies((source) -> {
					assertThat(source.name()).isEqualTo("stripe-like");
					assertThat(source.typeField()).isEqualTo("/event/type");
					assertThat(source.toString()).doesNotContain(SECRET.substring(6));
				}));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WebhooksProperties.class)
	static class PropertiesConfiguration {

	}

}
