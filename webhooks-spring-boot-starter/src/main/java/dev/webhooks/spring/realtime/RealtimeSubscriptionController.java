package dev.webhooks.spring.realtime;

import java.net.URI;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.webhooks.realtime.ChannelAccess;
import dev.webhooks.realtime.ChannelTemplate;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The server-sent events endpoint ({@code webhooks.realtime.sse.path}, default {@code /realtime/events}): a
 * browser subscribes with {@code new EventSource("/realtime/events?channel=invoices&channel=private-tenant-7")}.
 * {@code private-} and {@code presence-} channels need a {@link RealtimeChannelAuthorizer}'s consent; refusals are
 * RFC 9457 problems. Connections are counted per client: the authenticated user when there is one, else the remote
 * address (which Spring's forwarded-header support rewrites behind a trusted proxy when the application enables it).
 */
@RestController
public class RealtimeSubscriptionController {

	/** The problem type URIs, documented in docs/realtime.md. */
	static final String TYPE_BASE = "https://webhooks.dev/problems/realtime-";

	private static final int MAX_CHANNELS = 100;

	private final SseChannelHub hub;

	private final @Nullable RealtimeChannelAuthorizer authorizer;

	public RealtimeSubscriptionController(SseChannelHub hub, @Nullable RealtimeChannelAuthorizer authorizer) {
		this.hub = hub;
		this.authorizer = authorizer;
	}

	@GetMapping(path = "${webhooks.realtime.sse.path:/realtime/events}")
	public SseEmitter subscribe(@RequestParam(name = "channel", required = false) @Nullable List<String> channel,
			HttpServletRequest request) {
		Set<String> channels = new LinkedHashSet<>();
		if (channel != null) {
			for (String name : channel) {
				// both ?channel=a&channel=b and ?channel=a,b, as EventSource URLs are often built by hand
				for (String part : name.split(",")) {
					if (!part.isBlank()) {
						channels.add(part.trim());
					}
				}
			}
		}
		if (channels.isEmpty()) {
			throw new SubscriptionRefusedException(HttpStatus.BAD_REQUEST, "no-channel", "No channel",
					"Name at least one channel with the 'channel' query parameter");
		}
		if (channels.size() > MAX_CHANNELS) {
			throw new SubscriptionRefusedException(HttpStatus.BAD_REQUEST, "invalid-channel", "Too many channels",
					"At most " + MAX_CHANNELS + " channels per connection, not " + channels.size());
		}
		for (String name : channels) {
			if (!ChannelTemplate.isValidName(name)) {
				throw new SubscriptionRefusedException(HttpStatus.BAD_REQUEST, "invalid-channel", "Invalid channel",
						"Channel '" + name + "' is not a valid name: 1 to 164 of letters, digits and - _ = @ , . ;");
			}
			if (ChannelAccess.of(name).requiresAuthorization() && !authorized(name, request)) {
				throw new SubscriptionRefusedException(HttpStatus.FORBIDDEN, "forbidden", "Subscription refused",
						"Not authorized to listen on channel '" + name + "'");
			}
		}
		try {
			return this.hub.subscribe(client(request), channels);
		}
		catch (SseChannelHub.TooManyConnectionsException ex) {
			throw new SubscriptionRefusedException(HttpStatus.SERVICE_UNAVAILABLE, "too-many-connections",
					"Too many connections", ex.getMessage());
		}
		catch (SseChannelHub.TooManyClientConnectionsException ex) {
			throw new SubscriptionRefusedException(HttpStatus.TOO_MANY_REQUESTS, "too-many-client-connections",
					"Too many connections of this client", ex.getMessage());
		}
	}

	/**
	 * Who the connection is counted for. X-Forwarded-For is not read here: anyone can send it, and with
	 * {@code server.forward-headers-strategy} Spring has already made the remote address the proxied client's.
	 */
	static String client(HttpServletRequest request) {
		Principal principal = request.getUserPrincipal();
		if (principal != null && principal.getName() != null) {
			// prefixed, so a user named like an address does not share that address's connections
			return "user:" + principal.getName();
		}
		return "address:" + request.getRemoteAddr();
	}

	private boolean authorized(String channel, HttpServletRequest request) {
		return this.authorizer != null && this.authorizer.canSubscribe(channel, request);
	}

	@ExceptionHandler(SubscriptionRefusedException.class)
	ResponseEntity<ProblemDetail> refused(SubscriptionRefusedException ex, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status, ex.getMessage());
		problem.setType(URI.create(TYPE_BASE + ex.type));
		problem.setTitle(ex.title);
		problem.setInstance(URI.create(request.getRequestURI()));
		return ResponseEntity.status(ex.status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** A subscription answered with a problem instead of a stream. */
	static final class SubscriptionRefusedException extends RuntimeException {

		private final HttpStatus status;

		private final String type;

		private final String title;

		SubscriptionRefusedException(HttpStatus status, String type, String title, String detail) {
			super(detail);
			this.status = status;
			this.type = type;
			this.title = title;
		}

	}

}
