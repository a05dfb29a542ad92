package dev.webhooks.integration.tracing.receiver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webhooks.integration.tracing.TracingTestSpans;
import dev.webhooks.message.WebhookMessage;
import dev.webhooks.receive.WebhookHandler;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/** A receiving application whose handler fails as often as told before it takes a parcel. */
@SpringBootApplication
public class TracedReceiverApplication {

	@Bean
	SpanProcessor inMemorySpans() {
		return TracingTestSpans.processor();
	}

	@Component
	public static class ParcelHandler {

		private final List<WebhookMessage> received = new CopyOnWriteArrayList<>();

		private final AtomicInteger failures = new AtomicInteger();

		@WebhookHandler("parcels")
		public void parcel(WebhookMessage message) {
			if (this.failures.getAndDecrement() > 0) {
				throw new IllegalStateException("not yet");
			}
			this.received.add(message);
		}

		public List<WebhookMessage> received() {
			return this.received;
		}

		/** How many more times the handler fails before it takes a parcel. */
		public AtomicInteger failures() {
			return this.failures;
		}

	}

}
