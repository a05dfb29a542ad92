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
