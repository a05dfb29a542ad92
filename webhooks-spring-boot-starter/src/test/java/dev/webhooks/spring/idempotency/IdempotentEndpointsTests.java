package dev.webhooks.spring.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.webhooks.idempotency.IdempotencyKey;
import dev.webhooks.idempotency.IdempotencyKeyExempt;
import dev.webhooks.idempotency.IdempotencyKeyManual;
import dev.webhooks.spring.idempotency.EndpointIdempotency.Treatment;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class IdempotentEndpointsTests {

	@Test
	void readsTheMethodAnnotation() throws Exception {
		assertThat(IdempotentEndpoints.of(Plain.class, Plain.class.getDeclaredMethod("optional")))
			.isEqualTo(new EndpointIdempotency(Treatment.OPTIONAL, "orders"));
		assertThat(IdempotentEndpoints.of(Plain.class, Plain.class.getDeclaredMethod("manual")).treatment())
			.isEqualTo(Treatment.MANUAL);
		assertThat(IdempotentEndpoints.of(Plain.class, Plain.class.getDeclaredMethod("none")).treatment())
			.isEqualTo(Treatment.UNMARKED);
	}

	@Test
	void findsAnnotationsOnInterfaceMethods() throws Exception {
		assertThat(IdempotentEndpoints.of(Implementation.class, Implementation.class.getDeclaredMethod("create"))
			.treatment()).isEqualTo(Treatment.REQUIRED);
	}

	@Test
	void findsComposedAnnotations() throws Exception {
		assertThat(IdempotentEndpoints.of(Plain.class, Plain.class.getDeclaredMethod("composed")).treatment())
			.isEqualTo(Treatment.EXEMPT);
	}

	@Test
	void letsTheMethodWinOverTheClass() throws Exception {
		assertThat(IdempotentEndpoints.of(ExemptClass.class, ExemptClass.class.getDeclaredMethod("keyed"))
			.treatment()).isEqualTo(Treatment.REQUIRED);
		assertThat(IdempotentEndpoints.of(ExemptClass.class, ExemptClass.class.getDeclaredMethod("inheritsClass"))
			.treatment()).isEqualTo(Treatment.EXEMPT);
	}

	@Test
	void rejectsContradictoryAnnotationsNamingTheMethod() {
		assertThatIllegalStateException()
			.isThrownBy(() -> IdempotentEndpoints.of(Contradictory.class,
					Contradictory.class.getDeclaredMethod("create")))
			.withMessageContaining(Contradictory.class.getName() + "#create")
			.withMessageContaining("@IdempotencyKey and @IdempotencyKeyExempt");
	}

	@Test
	void rejectsContradictionsBetweenAnInterfaceAndItsImplementation() {
		assertThatIllegalStateException()
			.isThrownBy(() -> IdempotentEndpoints.of(ContradictsInterface.class,
					ContradictsInterface.class.getDeclaredMethod("create")))
			.withMessageContaining(ContradictsInterface.class.getName() + "#create")
			.withMessageContaining("@IdempotencyKeyManual");
	}

	@Test
	void failsStartUpOnContradictoryAnnotationsNamingTheMethod() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
					WebMvcAutoConfiguration.class, dev.webhooks.autoconfigure.WebhooksAutoConfiguration.class,
					dev.webhooks.autoconfigure.idempotency.IdempotencyAutoConfigurationAccess.autoConfiguration()))
			.withPropertyValues("webhooks.idempotency.store=memory")
			.withUserConfiguration(Contradictory.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Contradictory idempotency annotations on method "
						+ Contradictory.class.getName() + "#create"));
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@IdempotencyKeyExempt
	@interface Internal {

	}

	static class Plain {

		@IdempotencyKey(optional = true, cacheName = "orders")
		void optional() {
		}

		@IdempotencyKeyManual
		void manual() {
		}

		void none() {
		}

		@Internal
		void composed() {
		}

	}

	interface Api {

		@IdempotencyKey
		void create();

	}

	static class Implementation implements Api {

		@Override
		public void create() {
		}

	}

	@IdempotencyKeyExempt
	static class ExemptClass {

		@IdempotencyKey
		void keyed() {
		}

		void inheritsClass() {
		}

	}

	@RestController
	static class Contradictory {

		@PostMapping("/contradictory")
		@IdempotencyKey
		@IdempotencyKeyExempt
		void create() {
		}

	}

	static class ContradictsInterface implements Api {

		@Override
		@IdempotencyKeyManual
		public void create() {
		}

	}

}
