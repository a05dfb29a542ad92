package dev.webhooks.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.dispatch.DeliveryListener;
import dev.webhooks.publish.WebhookPublisher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's workers follow {@code spring.threads.virtual.enabled}: a delivery is sent to a real local server
 * and a listener, called on the worker, records the thread it ran on.
 */
class DispatchWorkerThreadsTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private MockWebServer receiver;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() throws IOException {
		this.receiver = new MockWebServer();
		this.receiver.start(InetAddress.getByName("127.0.0.1"), 0);
		this.receiver.enqueue(new MockResponse.Builder().code(204).build());
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class,
					WebhooksAutoConfiguration.class, WebhooksOutboxAutoConfiguration.class))
			.withUserConfiguration(WorkerThreadListener.class)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:worker-threads-${random.uuid}",
					"webhooks.app-id=shop",
					"webhooks.servers.billing.url=http://127.0.0.1:" + this.receiver.getPort() + "/webhooks/receive",
					"webhooks.servers.billing.secret=" + SECRET, "webhooks.http.allowed-networks=127.0.0.0/8");
	}

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void workersAreVirtualThreadsWhenSpringUsesVirtualThreads() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Thread worker = workerOfOneDelivery(context.getBean(WebhookPublisher.class),
					context.getBean(WorkerThreadListener.class));
			assertThat(isVirtual(worker)).isTrue();
			assertThat(worker.getName()).startsWith("webhooks-dispatch-worker-");
		});
	}

	@Test
	void workersArePlatformThreadsOtherwise() {
		this.runner.run((context) -> {
			Thread worker = workerOfOneDelivery(context.getBean(WebhookPublisher.class),
					context.getBean(WorkerThreadListener.class));
			assertThat(isVirtual(worker)).isFalse();
			assertThat(worker.isDaemon()).isTrue();
			assertThat(worker.getName()).startsWith("webhooks-dispatch-worker-");
		});
	}

	private static Thread workerOfOneDelivery(WebhookPublisher publisher, WorkerThreadListener listener)
			throws Exception {
		publisher.publish("invoice.paid", null);
		return listener.worker.get(20, TimeUnit.SECONDS);
	}

	// Thread.isVirtual() is Java 21 API; the tests compile for 17
	private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class WorkerThreadListener implements DeliveryListener {

		final CompletableFuture<Thread> worker = new CompletableFuture<>();

		@Override
		public void attemptSucceeded(Delivery delivery, DeliveryAttempt attempt) {
			this.worker.complete(Thread.currentThread());
		}

	}

}
