package dev.webhooks.spring.idempotency;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.spring.idempotency.IdempotencyTestApplication.Gate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Twenty identical requests at once through a real embedded server run the endpoint exactly once, on each store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdempotencyFilterConcurrencyTests {

	private static final int REQUESTS = 20;

	private RunningApplication app;

	/** Properties selecting and configuring the store under test. */
	protected abstract String[] storeProperties();

	protected abstract Class<? extends IdempotencyStore> expectedStore();

	protected void prepare() {
	}

	protected void cleanUp() {
	}

	@BeforeAll
	void start() {
		prepare();
		this.app = RunningApplication.start(storeProperties());
	}

	@AfterAll
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		cleanUp();
	}

	@Test
	void usesTheStoreUnderTest() {
		assertThat(this.app.bean(IdempotencyStore.class)).isInstanceOf(expectedStore());
	}

	@Test
	void runsTheEndpointOnceForTwentyParallelIdenticalRequests() throws Exception {
		Gate gate = this.app.bean(Gate.class);
		gate.reset();
		String key = UUID.randomUUID().toString();
		ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				responses.add(CompletableFuture.supplyAsync(() -> {
					awaitStart(start);
					return this.app.post("/slow").key(key).body("{\"same\":true}").send();
				}, pool));
			}
			start.countDown();
			// the one request that runs waits at the gate while every other one is answered
			await().until(() -> responses.stream().filter(CompletableFuture::isDone).count() == REQUESTS - 1);
			assertThat(gate.entered()).isEqualTo(1);
			gate.open();
			List<Integer> statuses = new ArrayList<>();
			for (CompletableFuture<HttpResponse<String>> response : responses) {
				statuses.add(response.get(30, TimeUnit.SECONDS).statusCode());
			}
			assertThat(statuses).containsOnly(201, 409);
			assertThat(statuses).filteredOn((status) -> status == 201).hasSize(1);
			assertThat(gate.entered()).isEqualTo(1);
			HttpResponse<String> repeat = this.app.post("/slow").key(key).body("{\"same\":true}").send();
			assertThat(repeat.statusCode()).isEqualTo(201);
			assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
			assertThat(gate.entered()).isEqualTo(1);
		}
		finally {
			gate.open();
			pool.shutdownNow();
		}
	}

	@Test
	void replaysAndRefusesReusedKeysWithThisStore() {
		String key = UUID.randomUUID().toString();
		int before = this.app.invocations("orders");
		HttpResponse<String> first = this.app.post("/orders").key(key).body("{\"a\":1}").send();
		HttpResponse<String> repeat = this.app.post("/orders").key(key).body("{\"a\":1}").send();
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(this.app.post("/orders").key(key).body("{\"a\":2}").send().statusCode()).isEqualTo(422);
		assertThat(this.app.invocations("orders")).isEqualTo(before + 1);
	}

	@Test
	void runsTheEndpointOnceWhateverSpellingOfItsPathARepeatUses() {
		String key = UUID.randomUUID().toString();
		int before = this.app.invocations("orders");
		HttpResponse<String> first = this.app.post("/orders").key(key).body("{\"a\":1}").send();
		assertThat(first.statusCode()).isEqualTo(201);
		for (String path : List.of("/ord%65rs", "/%6F%72%64%65%72%73", "//orders", "/orders/", "/./orders",
				"/x/../orders", "/orders;jsessionid=0123456789ABCDEF", "/orders;a=b/", "/ORDERS", "/Orders")) {
			HttpResponse<String> repeat = this.app.post(path).key(key).body("{\"a\":1}").send();
			// the same endpoint replays the first response; a spelling the application refuses never reaches it
			if (repeat.statusCode() < 400) {
				assertThat(repeat.body()).as(path).isEqualTo(first.body());
				assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).as(path).hasValue("true");
			}
			assertThat(this.app.invocations("orders")).as(path).isEqualTo(before + 1);
		}
		HttpResponse<String> variable = this.app.post("/status/201").key(key).body("{}").send();
		assertThat(this.app.post("/status/%32%30%31").key(key).body("{}").send().body()).isEqualTo(variable.body());
		assertThat(this.app.invocations("status-201")).isEqualTo(1);
	}

	protected <T> T appBean(Class<T> type) {
		return this.app.bean(type);
	}

	protected HttpResponse<String> post(String path, String key) {
		return this.app.post(path).key(key).send();
	}

	private static void awaitStart(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
