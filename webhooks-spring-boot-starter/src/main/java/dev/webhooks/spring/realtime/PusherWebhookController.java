package dev.webhooks.spring.realtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import dev.webhooks.idempotency.IdempotencyKeyExempt;
import dev.webhooks.realtime.pusher.PusherWebhook;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Pusher's channel existence webhooks at {@code webhooks.realtime.pusher.webhook-path} (default
 * {@code /realtime/pusher/webhooks}) and records which channels are occupied. Requests without a valid
 * {@code X-Pusher-Key} and {@code X-Pusher-Signature} (HMAC-SHA256 of the raw body) are answered with 401; signed
 * ones whose {@code time_ms} is outside {@code webhooks.realtime.pusher.webhook-tolerance} with 400.
 */
@RestController
public class PusherWebhookController {

	/** Pusher's webhook bodies are small; anything bigger is not from Pusher. */
	private static final int MAX_BODY_SIZE = 256 * 1024;

	private final PusherWebhook webhook;

	public PusherWebhookController(PusherWebhook webhook) {
		this.webhook = webhook;
	}

	// Pusher sends no idempotency key; replaying an occupancy event is harmless
	@IdempotencyKeyExempt
	@PostMapping(path = "${webhooks.realtime.pusher.webhook-path:/realtime/pusher/webhooks}")
	public ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
		byte[] body;
		try (InputStream input = request.getInputStream()) {
			body = input.readNBytes(MAX_BODY_SIZE + 1);
		}
		if (body.length > MAX_BODY_SIZE) {
			return problem(request, HttpStatus.CONTENT_TOO_LARGE, "too-large", "Webhook too large",
					"A Pusher webhook body is at most " + MAX_BODY_SIZE + " bytes");
		}
		try {
			this.webhook.receive(request.getHeader("X-Pusher-Key"), request.getHeader("X-Pusher-Signature"), body);
			return ResponseEntity.ok().build();
		}
		catch (PusherWebhook.InvalidPusherWebhookException ex) {
			if (ex.isUnauthorized()) {
				return problem(request, HttpStatus.UNAUTHORIZED, "unauthorized", "Invalid Pusher webhook",
						ex.getMessage());
			}
			// the signature is fine: not 401, which would suggest a wrong secret
			return ex.isStale()
					? problem(request, HttpStatus.BAD_REQUEST, "stale-webhook", "Stale Pusher webhook", ex.getMessage())
					: problem(request, HttpStatus.BAD_REQUEST, "invalid-webhook", "Invalid Pusher webhook",
							ex.getMessage());
		}
	}

	static ResponseEntity<ProblemDetail> problem(HttpServletRequest request, HttpStatus status, String type,
			String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(RealtimeSubscriptionController.TYPE_BASE + type));
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
