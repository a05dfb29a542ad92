package dev.webhooks.observation;

import org.jspecify.annotations.Nullable;

/**
 * The names and tags of the library's observations. Low-cardinality tags (target, event type, outcome, status class)
 * also tag the timers an observation makes; high-cardinality ones (the {@code webhook-id}) go on spans only.
 */
public final class WebhooksObservations {

	/** Capturing a change or a published message into the outbox, in the business transaction. */
	public static final String CAPTURE = "webhooks.capture";

	/** One attempt of one delivery, from its claim to its outcome. */
	public static final String DISPATCH = "webhooks.dispatch";

	/** The HTTP request of an attempt, as an HTTP client observation. */
	public static final String REQUEST = "webhooks.dispatch.request";

	/** One received message, through verification to its {@code @WebhookHandler}. */
	public static final String RECEIVE = "webhooks.receive";

	/** The target: a configured server's id, or {@code hook:<name>}. */
	public static final String TARGET = "webhooks.target";

	/** The event type, e.g. {@code customers.created}. */
	public static final String EVENT_TYPE = "webhooks.event.type";

	/** The captured entity's name, or {@code none} for a published message without one. */
	public static final String ENTITY_TYPE = "webhooks.entity.type";

	/** The sending application's id, on the receiving side. */
	public static final String SOURCE = "webhooks.source";

	/**
	 * What came of it: {@code captured}, {@code failed}, {@code none} (capture); {@code succeeded}, {@code retried},
	 * {@code failed}, {@code given-back}, {@code not-started} (dispatch); {@code handled}, {@code already-handled},
	 * {@code rejected} (receive).
	 */
	public static final String OUTCOME = "webhooks.outcome";

	/** The HTTP status class: {@code 2xx}, {@code 4xx}, {@code 5xx}, …, or {@code none} when no response came. */
	public static final String STATUS_CLASS = "http.status.class";

	/** The HTTP method of a request. */
	public static final String METHOD = "http.request.method";

	/** The message id sent as {@code webhook-id} (the delivery's id on the sending side); high cardinality. */
	public static final String WEBHOOK_ID = "webhook.id";

	/** The number of an attempt, from 1; high cardinality. */
	public static final String ATTEMPT = "webhooks.attempt";

	/** The HTTP status code; high cardinality. */
	public static final String STATUS_CODE = "http.response.status_code";

	/** The request URL; high cardinality. */
	public static final String URL = "url.full";

	private WebhooksObservations() {
	}

	/** The class of an HTTP status, e.g. {@code 5xx}; {@code none} without a response. */
	public static String statusClass(@Nullable Integer status) {
		return (status == null) ? "none" : (status / 100) + "xx";
	}

}
