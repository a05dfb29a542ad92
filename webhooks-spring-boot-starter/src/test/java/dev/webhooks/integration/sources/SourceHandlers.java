package dev.webhooks.integration.sources;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.webhooks.message.InboundContext;
import dev.webhooks.message.WebhookMessage;
import dev.webhooks.receive.WebhookHandler;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

@Component
public class SourceHandlers {

	private final List<InvoicePaid> invoices = new CopyOnWriteArrayList<>();

	private final List<WebhookMessage> messages = new CopyOnWriteArrayList<>();

	private final List<String> inboundContexts = new CopyOnWriteArrayList<>();

	public List<InvoicePaid> invoices() {
		return this.invoices;
	}

	public List<WebhookMessage> messages() {
		return this.messages;
	}

	/** What {@link InboundContext#currentSource()} was in each handler call ("none" for null). */
	public List<String> inboundContexts() {
		return this.inboundContexts;
	}

	public void clear() {
		this.invoices.clear();
		this.messages.clear();
		this.inboundContexts.clear();
	}

	@WebhookHandler(source = "stripe-like", value = "invoice.paid")
	public void invoicePaid(InvoicePaid invoice, WebhookMessage message) {
		this.invoices.add(invoice);
		record(message);
	}

	// the same type from another source goes to its own handler
	@WebhookHandler(source = "billing-saas", value = "invoice.paid")
	public void billingInvoicePaid(Map<String, Object> body, WebhookMessage message) {
		record(message);
	}

	@WebhookHandler(source = "nested", value = "order.shipped")
	public void orderShipped(JsonNode body, WebhookMessage message) {
		record(message);
	}

	// a handler of the configured servers' messages, beside the sources' ones
	@WebhookHandler("invoice.paid")
	public void serverInvoicePaid(WebhookMessage message) {
		record(message);
	}

	private void record(WebhookMessage message) {
		this.messages.add(message);
		String current = InboundContext.currentSource();
		this.inboundContexts.add((current != null) ? current : "none");
	}

	public record InvoicePaid(String type, Instant timestamp, Invoice data) {
	}

	public record Invoice(String id, long amount, String currency) {
	}

}
