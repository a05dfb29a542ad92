package dev.webhooks.receive;

import java.lang.reflect.Method;
import java.util.Map;

import dev.webhooks.message.WebhookMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WebhookHandlerRegistryTests {

	private final WebhookHandlerRegistry registry = new WebhookHandlerRegistry();

	@Test
	void findsTheHandlerOfAReceiverAndEvent() throws Exception {
		Handlers handlers = new Handlers();
		this.registry.register(handlers, method("created"));
		this.registry.register(handlers, method("others"));
		assertThat(this.registry.find("tags", "created")).hasValueSatisfying(
				(handler) -> assertThat(handler.method().getName()).isEqualTo("created"));
		assertThat(this.registry.find("tags", "deleted")).hasValueSatisfying(
				(handler) -> assertThat(handler.method().getName()).isEqualTo("others"));
		assertThat(this.registry.find("customers", "created")).isEmpty();
	}

	@Test
	void refusesHandlersThatOverlap() throws Exception {
		Handlers handlers = new Handlers();
		this.registry.register(handlers, method("others"));
		assertThatIllegalStateException().isThrownBy(() -> this.registry.register(handlers, method("alsoAll")))
			.withMessageContaining("@WebhookHandler(\"tags\")")
			.withMessageContaining("alsoAll()")
			.withMessageContaining("overlaps")
			.withMessageContaining("others()");
	}

	@Test
	void refusesMethodsWithTwoDataParameters() throws Exception {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.registry.register(new Handlers(), method("twoData")))
			.withMessageContaining("twoData()")
			.withMessageContaining("more than one data parameter");
	}

	@Test
	void keepsEachSourcesHandlersApartFromTheServersOnes() throws Exception {
		SourceHandlers handlers = new SourceHandlers();
		this.registry.register(handlers, SourceHandlers.class.getDeclaredMethod("stripePaid"));
		this.registry.register(handlers, SourceHandlers.class.getDeclaredMethod("billingPaid"));
		this.registry.register(handlers, SourceHandlers.class.getDeclaredMethod("serverPaid"));
		assertThat(this.registry.find("stripe-like", "invoice.paid", "invoice.paid")).hasValueSatisfying(
				(handler) -> assertThat(handler.method().getName()).isEqualTo("stripePaid"));
		assertThat(this.registry.find("billing", "invoice.paid", "invoice.paid")).hasValueSatisfying(
				(handler) -> assertThat(handler.method().getName()).isEqualTo("billingPaid"));
		assertThat(this.registry.find("invoice.paid", "invoice.paid")).hasValueSatisfying(
				(handler) -> assertThat(handler.method().getName()).isEqualTo("serverPaid"));
		assertThat(this.registry.find("other", "invoice.paid", "invoice.paid")).isEmpty();
		assertThat(this.registry.handlersBySource()).containsOnlyKeys("billing", "stripe-like");
	}

	@Test
	void refusesTwoHandlersOfOneSourceAndType() throws Exception {
		SourceHandlers handlers = new SourceHandlers();
		this.registry.register(handlers, SourceHandlers.class.getDeclaredMethod("stripePaid"));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.registry.register(handlers, SourceHandlers.class.getDeclaredMethod("stripePaidAgain")))
			.withMessageContaining("@WebhookHandler(source = \"stripe-like\", value = \"invoice.paid\")")
			.withMessageContaining("overlaps")
			.withMessageContaining("distinct types");
	}

	@Test
	void refusesEventsOnASourcesHandler() throws Exception {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.registry.register(new SourceHandlers(),
					SourceHandlers.class.getDeclaredMethod("withEvents")))
			.withMessageContaining("withEvents()")
			.withMessageContaining("has source 'stripe-like' and events");
	}

	static class SourceHandlers {

		@WebhookHandler(source = "stripe-like", value = "invoice.paid")
		void stripePaid() {
		}

		@WebhookHandler(source = "stripe-like", value = "invoice.paid")
		void stripePaidAgain() {
		}

		@WebhookHandler(source = "billing", value = "invoice.paid")
		void billingPaid() {
		}

		@WebhookHandler("invoice.paid")
		void serverPaid() {
		}

		@WebhookHandler(source = "stripe-like", value = "invoice", events = "paid")
		void withEvents() {
		}

	}

	private static Method method(String name) {
		for (Method method : Handlers.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	static class Handlers {

		@WebhookHandler(value = "tags", events = "created")
		void created(Map<String, Object> data) {
		}

		@WebhookHandler(value = "tags", events = { "updated", "deleted" })
		void others(WebhookMessage message) {
		}

		@WebhookHandler("tags")
		void alsoAll(WebhookMessage message) {
		}

		@WebhookHandler("pairs")
		void twoData(Map<String, Object> one, Map<String, Object> two) {
		}

	}

}
