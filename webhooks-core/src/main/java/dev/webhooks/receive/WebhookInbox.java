package dev.webhooks.receive;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.webhooks.message.EnvelopeCodec;
import dev.webhooks.message.InboundContext;
import dev.webhooks.message.WebhookMessage;
import dev.webhooks.observation.ReceiveContext;
import dev.webhooks.publish.PeerServers;
import dev.webhooks.receive.WebhookHandlerRegistry.HandlerMethod;
import dev.webhooks.signing.SignatureVerificationException;
import dev.webhooks.signing.SignatureVerifier;
import dev.webhooks.signing.StandardWebhookHeaders;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbound side: verifies, deduplicates and routes each webhook the receiver endpoint takes, as the counterpart
 * of the sender's outbox. Framework-free: the web layer passes the headers and the raw body and turns the
 * {@link ReceiveResult} into a response.
 * <ul>
 * <li>401 when the {@code webhook-source} is unknown, or the signature is missing, wrong or stale;</li>
 * <li>400 when the body is not a webhook message; 404 when no handler takes its topic and event; 422 when its
 * data cannot be converted to the handler's parameter;</li>
 * <li>500 when the handler throws, so the sender retries; 409 while the same message is being handled;</li>
 * <li>204 when handled, 200 when it had been handled before.</li>
 * </ul>
 * Third-party senders that follow the Standard Webhooks specification are {@link InboundSource}s, received with
 * {@link #receive(String, Function, byte[])}: verified by the specification alone, routed by the event type in their
 * body, and answered 404 when the source is not configured.
 */
public final class WebhookInbox {

	/** The header with the sending application's id. */
	public static final String SOURCE_HEADER = StandardWebhookHeaders.WEBHOOK_SOURCE;

	private static final String SOURCE_KEY_PREFIX = "source:";

	private static final Logger logger = LoggerFactory.getLogger(WebhookInbox.class);

	private final PeerServers peers;

	private final SignatureVerifier verifier;

	private final JsonMapper jsonMapper;

	private final EnvelopeCodec codec;

	private final WebhookHandlerRegistry handlers;

	private final ReceivedMessages receivedMessages;

	private final Map<String, InboundSource> sources;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/** An inbox for the configured servers' messages only. */
	public WebhookInbox(PeerServers peers, SignatureVerifier verifier, JsonMapper jsonMapper,
			WebhookHandlerRegistry handlers, ReceivedMessages receivedMessages) {
		this(peers, List.of(), verifier, jsonMapper, handlers, receivedMessages);
	}

	/**
	 * An inbox for the configured servers' messages and those of third-party senders.
	 * @param sources the third-party senders, by their distinct names
	 */
	public WebhookInbox(PeerServers peers, Collection<InboundSource> sources, SignatureVerifier verifier,
			JsonMapper jsonMapper, WebhookHandlerRegistry handlers, ReceivedMessages receivedMessages) {
		Map<String, InboundSource> byName = new LinkedHashMap<>();
		for (InboundSource source : sources) {
			if (byName.put(source.name(), source) != null) {
				throw new IllegalArgumentException("two inbound sources are named '" + source.name() + "'");
			}
		}
		this.sources = Collections.unmodifiableMap(byName);
		this.peers = peers;
		this.verifier = verifier;
		this.jsonMapper = jsonMapper;
		this.codec = new EnvelopeCodec(jsonMapper);
		this.handlers = handlers;
		this.receivedMessages = receivedMessages;
	}

	/**
	 * Checks that every handler's {@link WebhookHandler#source() source} is configured; call once the handlers are
	 * registered.
	 * @throws IllegalStateException naming the handlers of a source that is not configured
	 */
	public void checkHandlerSources() {
		this.handlers.handlersBySource().forEach((source, methods) -> {
			if (!this.sources.containsKey(source)) {
				throw new IllegalStateException("@WebhookHandler(source = \"" + source + "\") on " + methods.get(0)
						+ " names a source that is not configured; configure webhooks.receiver.sources." + source
						+ ".secret, or use one of the configured sources " + this.sources.keySet());
			}
		});
	}

	/**
	 * Observes each received message ({@code webhooks.receive}), as a child of the web server's observation when
	 * there is one, so that a tracer follows the sender's trace into the handler. {@link ObservationRegistry#NOOP}
	 * by default.
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
	}

	/**
	 * Handles a request.
	 * @param header the request's headers by (case-insensitive) name; {@code null} when absent
	 * @param body the raw body, exactly as received
	 */
	public ReceiveResult receive(Function<String, @Nullable String> header, byte[] body) {
		Observation observation = ReceiveContext.start(this.observationRegistry, header, header.apply(SOURCE_HEADER));
		try (Observation.Scope scope = observation.openScope()) {
			ReceiveResult result = verifyAndHandle(header, body);
			ReceiveContext.answered(observation, result.status(), result.message());
			return result;
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private ReceiveResult verifyAndHandle(Function<String, @Nullable String> header, byte[] body) {
		String source = header.apply(SOURCE_HEADER);
		if (source == null || source.isBlank()) {
			return ReceiveResult.problem(401, "Unauthenticated webhook", "Missing " + SOURCE_HEADER + " header", null);
		}
		Optional<PeerServers.Peer> peer = this.peers.find(source);
		if (peer.isEmpty() || peer.get().secrets().isEmpty()) {
			return ReceiveResult.problem(401, "Unauthenticated webhook",
					"Unknown " + SOURCE_HEADER + " '" + source + "'", null);
		}
		String id = header.apply(StandardWebhookHeaders.WEBHOOK_ID);
		try {
			this.verifier.verify(id, header.apply(StandardWebhookHeaders.WEBHOOK_TIMESTAMP),
					header.apply(StandardWebhookHeaders.WEBHOOK_SIGNATURE), body, peer.get().secrets());
		}
		catch (SignatureVerificationException ex) {
			return ReceiveResult.problem(401, "Unauthenticated webhook", ex.getMessage(), null);
		}
		WebhookMessage message;
		try {
			message = WebhookMessage.of(id, source, this.codec.read(body));
		}
		catch (EnvelopeCodec.InvalidEnvelopeException ex) {
			return ReceiveResult.problem(400, "Invalid webhook message", ex.getMessage(), null);
		}
		return dispatch(message, this.handlers.find(message.topic(), message.event()), source, source);
	}

	/**
	 * Handles a request from a third-party sender, posted to {@code <receiver path>/<sourceName>}.
	 * @param sourceName the source's name, from the request path
	 * @param header the request's headers by (case-insensitive) name; {@code null} when absent
	 * @param body the raw body, exactly as received
	 */
	public ReceiveResult receive(String sourceName, Function<String, @Nullable String> header, byte[] body) {
		Observation observation = ReceiveContext.start(this.observationRegistry, header, sourceName);
		try (Observation.Scope scope = observation.openScope()) {
			ReceiveResult result = verifyAndHandle(sourceName, header, body);
			ReceiveContext.answered(observation, result.status(), result.message());
			return result;
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private ReceiveResult verifyAndHandle(String sourceName, Function<String, @Nullable String> header, byte[] body) {
		InboundSource source = this.sources.get(sourceName);
		if (source == null) {
			return ReceiveResult.problem(404, "Unknown webhook source", "No inbound source '" + abbreviate(sourceName)
					+ "' is configured under webhooks.receiver.sources", null);
		}
		String id = header.apply(StandardWebhookHeaders.WEBHOOK_ID);
		String timestamp = header.apply(StandardWebhookHeaders.WEBHOOK_TIMESTAMP);
		try {
			this.verifier.verify(id, timestamp, header.apply(StandardWebhookHeaders.WEBHOOK_SIGNATURE), body,
					source.secrets());
		}
		catch (SignatureVerificationException ex) {
			return ReceiveResult.problem(401, "Unauthenticated webhook", ex.getMessage(), null);
		}
		JsonNode root;
		try {
			root = this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return ReceiveResult.problem(400, "Invalid webhook message",
					"The body from source '" + sourceName + "' is not JSON: " + ex.getOriginalMessage(), null);
		}
		String type = (root != null && root.isObject()) ? source.typeIn(root) : null;
		if (type == null) {
			return ReceiveResult.problem(400, "Invalid webhook message", "The body from source '" + sourceName
					+ "' is not a JSON object with " + source.describeTypeField() + " holding the event type", null);
		}
		// verified above: whole seconds within the tolerance
		Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
		WebhookMessage message = new WebhookMessage(id, type, sent, sourceName, type, type, null, null, root);
		// "source:" cannot begin a server id, so a source's message ids never meet a server's
		return dispatch(message, this.handlers.find(sourceName, type, type), SOURCE_KEY_PREFIX + sourceName, null);
	}

	private ReceiveResult dispatch(WebhookMessage message, Optional<HandlerMethod> handler, String deduplicationKey,
			@Nullable String peer) {
		if (handler.isEmpty()) {
			return ReceiveResult.problem(404, "No webhook handler", noHandler(message, peer), message);
		}
		Object[] arguments;
		try {
			arguments = arguments(handler.get(), message);
		}
		catch (JacksonException ex) {
			return ReceiveResult.problem(422, "Unreadable webhook data", "The data of '" + message.type()
					+ "' cannot be read as the parameter of " + handler.get() + ": " + ex.getOriginalMessage(),
					message);
		}
		ReceivedMessages.Claim claim = this.receivedMessages.claim(deduplicationKey, message.id());
		return switch (claim.status()) {
			case ALREADY_HANDLED -> ReceiveResult.alreadyHandled(message);
			case IN_PROGRESS -> ReceiveResult.problem(409, "Webhook being handled",
					"Message " + message.id() + " is being handled by another request; retry later", message);
			case NEW -> invoke(handler.get(), arguments, message, claim, peer);
		};
	}

	private static String noHandler(WebhookMessage message, @Nullable String peer) {
		if (peer != null) {
			return "No @WebhookHandler takes topic '" + message.topic() + "' and event '" + message.event() + "'";
		}
		return "No @WebhookHandler takes type '" + message.type() + "' from source '" + message.source() + "'";
	}

	private ReceiveResult invoke(HandlerMethod handler, Object[] arguments, WebhookMessage message,
			ReceivedMessages.Claim claim, @Nullable String peer) {
		try {
			if (peer != null) {
				// the peer is left out of what handling produces, so mirrored changes don't echo back
				InboundContext.handling(peer, () -> call(handler, arguments));
			}
			else {
				call(handler, arguments);
			}
		}
		catch (RuntimeException ex) {
			claim.release();
			Throwable cause = (ex instanceof HandlerFailedException) ? ex.getCause() : ex;
			logger.warn("Webhook handler {} failed for message {} from '{}'", handler, message.id(), message.source(),
					cause);
			return ReceiveResult.problem(500, "Webhook handler failed",
					handler + " threw " + cause.getClass().getName() + "; the sender will retry", message);
		}
		claim.handled();
		return ReceiveResult.handled(message);
	}

	private static @Nullable Object call(HandlerMethod handler, Object[] arguments) {
		try {
			return handler.method().invoke(handler.bean(), arguments);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InvocationTargetException ex) {
			throw new HandlerFailedException(ex.getCause());
		}
	}

	private static String abbreviate(String value) {
		return (value.length() <= 100) ? value : value.substring(0, 100) + "…";
	}

	private Object[] arguments(HandlerMethod handler, WebhookMessage message) {
		Class<?>[] parameterTypes = handler.method().getParameterTypes();
		Object[] arguments = new Object[parameterTypes.length];
		for (int i = 0; i < parameterTypes.length; i++) {
			if (parameterTypes[i] == WebhookMessage.class) {
				arguments[i] = message;
			}
			else {
				Type type = handler.method().getGenericParameterTypes()[i];
				arguments[i] = this.jsonMapper.readerFor(this.jsonMapper.constructType(type)).readValue(message.data());
			}
		}
		return arguments;
	}

	private static final class HandlerFailedException extends RuntimeException {

		HandlerFailedException(Throwable cause) {
			super(cause);
		}

	}

}
