package dev.webhooks.spring.idempotency;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.webhooks.spring.idempotency.IdempotencyTestApplication.Gate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The settings that change the filter's answers: keys required everywhere, 423 for requests in flight, a fixed
 * status instead of replays, another header name, and which statuses are stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyFilterSettingsTests {

	private static final String HEADER = "X-Request-Key";

	private RunningApplication app;

	@BeforeAll
	void start() {
		this.app = RunningApplication.start("webhooks.idempotency.store=memory", "webhooks.idempotency.mode=required",
				"webhooks.idempotency.in-flight-status=423", "webhooks.idempotency.replay-status=409",
				"webhooks.idempotency.header=" + HEADER, "webhooks.idempotency.stored-statuses=200-201,4xx",
				"webhooks.idempotency.max-key-length=40");
	}

	@AfterAll
	void stop() {
		this.app.close();
	}

	private static String newKey() {
		return UUID.randomUUID().toString();
	}

	@Test
	void requiresAKeyOnUnannotatedUnsafeEndpointsWhenKeysAreRequired() {
		HttpResponse<String> response = this.app.post("/unmarked").send();
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains(HEADER);
	}

	@Test
	void checksUnannotatedEndpointsWhenKeysAreRequired() {
		String key = newKey();
		int before = this.app.invocations("unmarked");
		this.app.post("/unmarked").header(HEADER, key).send();
		this.app.post("/unmarked").header(HEADER, key).send();
		assertThat(this.app.invocations("unmarked")).isEqualTo(before + 1);
	}

	@Test
	void runsExemptEndpointsWithoutAKeyWhenKeysAreRequired() {
		assertThat(this.app.post("/exempt").send().statusCode()).isEqualTo(200);
	}

	@Test
	void stillNeverChecksSafeMethods() {
		assertThat(this.app.call("GET", "/orders").send().statusCode()).isEqualTo(200);
	}

	@Test
	void ignoresTheDefaultHeaderName() {
		assertThat(this.app.post("/orders").key(newKey()).body("{}").send().statusCode()).isEqualTo(400);
	}

	@Test
	void appliesTheConfiguredLongestKey() {
		assertThat(this.app.post("/orders").header(HEADER, "k".repeat(41)).body("{}").send().statusCode())
			.isEqualTo(400);
	}

	@Test
	void answersARepeatOfACompletedRequestWithTheConfiguredStatusInsteadOfAReplay() {
		String key = newKey();
		assertThat(this.app.post("/orders").header(HEADER, key).body("{}").send().statusCode()).isEqualTo(201);
		HttpResponse<String> repeat = this.app.post("/orders").header(HEADER, key).body("{}").send();
		assertThat(repeat.statusCode()).isEqualTo(409);
		assertThat(repeat.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(repeat.body()).contains("already completed");
	}

	@Test
	void answersARepeatWhileTheFirstRequestRunsWithTheConfiguredStatus() {
		Gate gate = this.app.bean(Gate.class);
		gate.reset();
		String key = newKey();
		try {
			CompletableFuture<HttpResponse<String>> first = CompletableFuture
				.supplyAsync(() -> this.app.post("/slow").header(HEADER, key).send());
			await().until(() -> gate.entered() == 1);
			assertThat(this.app.post("/slow").header(HEADER, key).send().statusCode()).isEqualTo(423);
			gate.open();
			assertThat(first.join().statusCode()).isEqualTo(201);
		}
		finally {
			gate.open();
		}
	}

	@Test
	void storesOnlyTheConfiguredStatuses() {
		String key = newKey();
		int before = this.app.invocations("status-202");
		this.app.post("/status/202").header(HEADER, key).send();
		this.app.post("/status/202").header(HEADER, key).send();
		assertThat(this.app.invocations("status-202")).isEqualTo(before + 2);
	}

}
