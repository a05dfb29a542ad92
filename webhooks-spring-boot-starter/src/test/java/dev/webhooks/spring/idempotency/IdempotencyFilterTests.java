package dev.webhooks.spring.idempotency;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.webhooks.spring.idempotency.IdempotencyTestApplication.Gate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every row of the status-code table, over real HTTP, with keys checked only where endpoints opt in (the default).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyFilterTests {

	private RunningApplication app;

	@BeforeAll
	void start() {
		this.app = RunningApplication.start("webhooks.idempotency.store=memory");
	}

	@AfterAll
	void stop() {
		this.app.close();
	}

	@AfterEach
	void openGate() {
		this.app.bean(Gate.class).open();
	}

	private static String newKey() {
		return UUID.randomUUID().toString();
	}

	@Test
	void runsTheFirstRequestWithAKey() {
		int before = this.app.invocations("orders");
		HttpResponse<String> response = this.app.post("/orders").key(newKey()).body("{\"item\":1}").send();
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		assertThat(this.app.invocations("orders")).isEqualTo(before + 1);
	}

	@Test
	void replaysTheStoredStatusHeadersAndBodyToARepeat() {
		String key = newKey();
		HttpResponse<String> first = this.app.post("/orders").key(key).body("{\"item\":1}").send();
		int runs = this.app.invocations("orders");
		HttpResponse<String> repeat = this.app.post("/orders").key(key).body("{\"item\":1}").send();
		assertThat(this.app.invocations("orders")).isEqualTo(runs);
		assertThat(repeat.statusCode()).isEqualTo(201);
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(repeat.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(repeat.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
	}

	@Test
	void answersAMissingKeyWithA400ProblemDetail() {
		HttpResponse<String> response = this.app.post("/orders").body("{}").send();
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":400")
			.contains("Idempotency-Key header")
			.contains("\"instance\":\"/orders\"")
			.contains("idempotency-key-missing");
	}

	@Test
	void answersAnEmptyKeyWithA400() {
		HttpResponse<String> response = this.app.post("/orders").key("\"\"").body("{}").send();
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("empty");
	}

	@Test
	void answersATooLongKeyWithA400() {
		HttpResponse<String> response = this.app.post("/orders").key("k".repeat(256)).body("{}").send();
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("256 characters");
	}

	@Test
	void treatsBareAndQuotedKeysAsTheSameKey() {
		String key = newKey();
		this.app.post("/orders").key(key).body("{}").send();
		HttpResponse<String> quoted = this.app.post("/orders").key("\"" + key + "\"").body("{}").send();
		assertThat(quoted.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
	}

	@Test
	void answersTheSameKeyWithADifferentBodyWithA422() {
		String key = newKey();
		this.app.post("/orders").key(key).body("{\"item\":1}").send();
		int runs = this.app.invocations("orders");
		HttpResponse<String> response = this.app.post("/orders").key(key).body("{\"item\":2}").send();
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("different request");
		assertThat(this.app.invocations("orders")).isEqualTo(runs);
	}

	@Test
	void answersARepeatWhileTheFirstRequestRunsWithA409AndNeverRunsItTwice() {
		Gate gate = this.app.bean(Gate.class);
		gate.reset();
		String key = newKey();
		CompletableFuture<HttpResponse<String>> first = CompletableFuture
			.supplyAsync(() -> this.app.post("/slow").key(key).send());
		await().until(() -> gate.entered() == 1);
		HttpResponse<String> repeat = this.app.post("/slow").key(key).send();
		assertThat(repeat.statusCode()).isEqualTo(409);
		assertThat(repeat.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(repeat.body()).contains("still being processed");
		gate.open();
		assertThat(first.join().statusCode()).isEqualTo(201);
		assertThat(gate.entered()).isEqualTo(1);
	}

	@Test
	void doesNotStoreServerErrorsSoARetryRunsAgain() {
		String key = newKey();
		int before = this.app.invocations("status-503");
		assertThat(this.app.post("/status/503").key(key).send().statusCode()).isEqualTo(503);
		HttpResponse<String> retry = this.app.post("/status/503").key(key).send();
		assertThat(retry.statusCode()).isEqualTo(503);
		assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		assertThat(this.app.invocations("status-503")).isEqualTo(before + 2);
	}

	@Test
	void storesClientErrorsAndReplaysThem() {
		String key = newKey();
		int before = this.app.invocations("status-404");
		this.app.post("/status/404").key(key).send();
		HttpResponse<String> repeat = this.app.post("/status/404").key(key).send();
		assertThat(repeat.statusCode()).isEqualTo(404);
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(this.app.invocations("status-404")).isEqualTo(before + 1);
	}

	@Test
	void releasesTheKeyWhenTheEndpointThrows() {
		String key = newKey();
		int before = this.app.invocations("exception");
		assertThat(this.app.post("/exception").key(key).send().statusCode()).isEqualTo(500);
		assertThat(this.app.post("/exception").key(key).send().statusCode()).isEqualTo(500);
		assertThat(this.app.invocations("exception")).isEqualTo(before + 2);
	}

	@Test
	void neverChecksSafeMethods() {
		assertThat(this.app.call("GET", "/orders").send().statusCode()).isEqualTo(200);
		String key = newKey();
		int before = this.app.invocations("list");
		this.app.call("GET", "/orders").key(key).send();
		this.app.call("GET", "/orders").key(key).send();
		assertThat(this.app.invocations("list")).isEqualTo(before + 2);
	}

	@Test
	void runsAnOptionalKeyEndpointWithoutAKeyEveryTime() {
		int before = this.app.invocations("optional");
		assertThat(this.app.post("/optional").send().statusCode()).isEqualTo(200);
		assertThat(this.app.post("/optional").send().statusCode()).isEqualTo(200);
		assertThat(this.app.invocations("optional")).isEqualTo(before + 2);
	}

	@Test
	void checksAnOptionalKeyWhenOneIsSent() {
		String key = newKey();
		int before = this.app.invocations("optional");
		this.app.post("/optional").key(key).send();
		HttpResponse<String> repeat = this.app.post("/optional").key(key).send();
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(this.app.invocations("optional")).isEqualTo(before + 1);
	}

	@Test
	void leavesUnannotatedEndpointsAloneWhenKeysAreOptIn() {
		String key = newKey();
		int before = this.app.invocations("unmarked");
		this.app.post("/unmarked").key(key).send();
		this.app.post("/unmarked").key(key).send();
		assertThat(this.app.invocations("unmarked")).isEqualTo(before + 2);
	}

	@Test
	void ignoresKeysOnExemptEndpoints() {
		String key = newKey();
		int before = this.app.invocations("exempt");
		this.app.post("/exempt").key(key).send();
		this.app.post("/exempt").key(key).send();
		assertThat(this.app.invocations("exempt")).isEqualTo(before + 2);
	}

	@Test
	void letsAManualEndpointRunOnARepeatKnowingThePreviousResponse() {
		String key = newKey();
		int before = this.app.invocations("manual");
		HttpResponse<String> first = this.app.post("/manual").key(key).send();
		assertThat(first.body()).contains("\"seen\":false").contains("\"seenAttribute\":false");
		HttpResponse<String> repeat = this.app.post("/manual").key(key).send();
		assertThat(repeat.statusCode()).isEqualTo(200);
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		assertThat(repeat.body()).contains("\"seen\":true")
			.contains("\"seenAttribute\":true")
			.contains("\"previousStatus\":200");
		assertThat(this.app.invocations("manual")).isEqualTo(before + 2);
	}

	@Test
	void requiresAKeyOnAManualEndpoint() {
		assertThat(this.app.post("/manual").send().statusCode()).isEqualTo(400);
	}

	@Test
	void scopesKeysPerAuthenticatedCaller() {
		String key = newKey();
		int before = this.app.invocations("orders");
		this.app.post("/orders").key(key).as("alice").body("{}").send();
		HttpResponse<String> bob = this.app.post("/orders").key(key).as("bob").body("{}").send();
		assertThat(bob.statusCode()).isEqualTo(201);
		assertThat(bob.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		HttpResponse<String> anonymous = this.app.post("/orders").key(key).body("{}").send();
		assertThat(anonymous.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		HttpResponse<String> aliceAgain = this.app.post("/orders").key(key).as("alice").body("{}").send();
		assertThat(aliceAgain.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(this.app.invocations("orders")).isEqualTo(before + 3);
	}

	@Test
	void scopesKeysPerPath() {
		String key = newKey();
		this.app.post("/orders").key(key).body("{}").send();
		HttpResponse<String> elsewhere = this.app.post("/optional").key(key).body("{}").send();
		assertThat(elsewhere.statusCode()).isEqualTo(200);
		assertThat(elsewhere.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
	}

	@Test
	void honoursAnAnnotationInheritedFromASuperclass() {
		assertThat(this.app.post("/inherited").send().statusCode()).isEqualTo(400);
		String key = newKey();
		int before = this.app.invocations("inherited");
		this.app.post("/inherited").key(key).send();
		this.app.post("/inherited").key(key).send();
		assertThat(this.app.invocations("inherited")).isEqualTo(before + 1);
	}

	@Test
	void letsAnInheritedMethodAnnotationWinOverTheClassAnnotation() {
		assertThat(this.app.post("/inherited/exempt").send().statusCode()).isEqualTo(200);
	}

	@Test
	void storesAndReplaysTheResponseOfAnAsynchronousEndpoint() {
		String key = newKey();
		int before = this.app.invocations("async");
		HttpResponse<String> first = this.app.post("/async").key(key).send();
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.body()).startsWith("async ");
		HttpResponse<String> repeat = this.app.post("/async").key(key).send();
		assertThat(repeat.statusCode()).isEqualTo(201);
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(repeat.headers().firstValue("X-Run")).isEqualTo(first.headers().firstValue("X-Run"));
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(this.app.invocations("async")).isEqualTo(before + 1);
	}

	@Test
	void fingerprintsFormPostsWhileTheEndpointStillSeesTheirParameters() {
		String key = newKey();
		int before = this.app.invocations("form");
		HttpResponse<String> first = this.app.post("/form").key(key).form("item=book").send();
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains("\"item\":\"book\"");
		HttpResponse<String> repeat = this.app.post("/form").key(key).form("item=book").send();
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(this.app.post("/form").key(key).form("item=pen").send().statusCode()).isEqualTo(422);
		assertThat(this.app.invocations("form")).isEqualTo(before + 1);
	}

	@Test
	void passesUnmappedPathsThroughToTheUsualNotFound() {
		assertThat(this.app.post("/nowhere").send().statusCode()).isEqualTo(404);
	}

}
