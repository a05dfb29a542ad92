package dev.webhooks.receive;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
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
 */
public final class WebhookInbox {

	/** The header with the sending application's id. */
	public static final String SOURCE_HEADER = StandardWebhookHeaders.WEBHOOK_SOURCE;

	private static final Logger logger = LoggerFactory.getLogger(WebhookInbox.class);

	private final PeerServers peers;

	private final SignatureVerifier verifier;

	private final JsonMapper jsonMapper;

	private final EnvelopeCodec codec;

	private final WebhookHandlerRegistry handlers;

	private final ReceivedMessages receivedMessages;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	public WebhookInbox(PeerServers peers, SignatureVerifier verifier, JsonMapper jsonMapper,
			WebhookHandlerRegistry handlers, ReceivedMessages receivedMessages) {
		this.peers = peers;
		this.verifier = verifier;
		this.jsonMapper = jsonMapper;
		this.codec = new EnvelopeCodec(jsonMapper);
		this.handlers = handlers;
		this.receivedMessages = receivedMessages;
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
		Optional<HandlerMethod> handler = this.handlers.find(message.topic(), message.event());
		if (handler.isEmpty()) {
			return ReceiveResult.problem(404, "No webhook handler", "No @WebhookHandler takes topic '"
					+ message.topic() + "' and event '" + message.event() + "'", message);
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
		ReceivedMessages.Claim claim = this.receivedMessages.claim(source, id);
		return switch (claim.status()) {
			case ALREADY_HANDLED -> ReceiveResult.alreadyHandled(message);
			case IN_PROGRESS -> ReceiveResult.problem(409, "Webhook being handled",
					"Message " + id + " is being handled by another request; retry later", message);
			case NEW -> invoke(handler.get(), arguments, message, claim);
		};
	}

	private ReceiveResult invoke(HandlerMethod handler, Object[] arguments, WebhookMessage message,
			ReceivedMessages.Claim claim) {
		try {
			InboundContext.handling(message.source(), () -> {
				try {
					return handler.method().invoke(handler.bean(), arguments);
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
				catch (InvocationTargetException ex) {
					throw new HandlerFailedException(ex.getCause());
				}
			});
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
