package dev.webhooks.integration.receiver;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.webhooks.message.WebhookMessage;
import dev.webhooks.receive.WebhookHandler;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class RecordingHandlers {

	private final List<WebhookMessage> messages = new CopyOnWriteArrayList<>();

	private final AtomicInteger flakyFailures = new AtomicInteger();

	private final Set<String> slowFinished = ConcurrentHashMap.newKeySet();

	private volatile CountDownLatch slowGate = new CountDownLatch(0);

	private final MirrorRepository mirrors;

	RecordingHandlers(MirrorRepository mirrors) {
		this.mirrors = mirrors;
	}

	public List<WebhookMessage> messages() {
		return this.messages;
	}

	/** How many more times the "flaky" handler fails before it succeeds. */
	public AtomicInteger flakyFailures() {
		return this.flakyFailures;
	}

	@WebhookHandler("customers")
	@Transactional
	public void customer(Map<String, Object> data, WebhookMessage message) {
		this.messages.add(message);
		if (!message.event().equals("deleted")) {
			this.mirrors.save(new Mirror(((Number) data.get("id")).longValue(), (String) data.get("name")));
		}
	}

	@WebhookHandler("tags")
	public void tag(WebhookMessage message) {
		this.messages.add(message);
	}

	@WebhookHandler("countries")
	public void country(WebhookMessage message) {
		this.messages.add(message);
	}

	@WebhookHandler("order-lines")
	public void orderLine(WebhookMessage message) {
		this.messages.add(message);
	}

	@WebhookHandler("invoice.paid")
	public void invoicePaid(WebhookMessage message) {
		this.messages.add(message);
	}

	/** Held until the test opens the gate: slower than the sender's read timeout, so the sender retries. */
	@WebhookHandler("slow")
	public void slow(WebhookMessage message) throws InterruptedException {
		this.messages.add(message);
		this.slowGate.await(20, TimeUnit.SECONDS);
		this.slowFinished.add(message.id());
	}

	public void holdSlowHandler(CountDownLatch gate) {
		this.slowGate = gate;
	}

	public Set<String> slowFinished() {
		return this.slowFinished;
	}

	@WebhookHandler("flaky")
	public void flaky(WebhookMessage message) {
		if (this.flakyFailures.getAndDecrement() > 0) {
			throw new IllegalStateException("not yet");
		}
		this.messages.add(message);
	}

}
