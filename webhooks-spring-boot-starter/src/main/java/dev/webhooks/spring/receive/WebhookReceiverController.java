package dev.webhooks.spring.receive;

import java.io.IOException;
import java.io.InputStream;

import dev.webhooks.idempotency.IdempotencyKeyExempt;
import dev.webhooks.receive.ReceiveResult;
import dev.webhooks.receive.WebhookInbox;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives webhooks at {@code webhooks.receiver.path} (default {@code /webhooks/receive}), and those of inbound
 * sources one segment below it ({@code /webhooks/receive/<source>}), and answers with the {@link WebhookInbox}'s
 * verdict: an empty 2xx, or an RFC 9457 problem.
 */
@RestController
public class WebhookReceiverController {

	private final WebhookInbox inbox;

	private final long maxBodySize;

	public WebhookReceiverController(WebhookInbox inbox, long maxBodySize) {
		this.inbox = inbox;
		this.maxBodySize = maxBodySize;
	}

	// messages carry their own idempotency: the inbox dedupes them by webhook-id
	@IdempotencyKeyExempt
	@PostMapping(path = "${webhooks.receiver.path:/webhooks/receive}")
	public ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
		byte[] body = readBody(request);
		if (body == null) {
			return tooLarge();
		}
		return respond(this.inbox.receive(request::getHeader, body));
	}

	/**
	 * Receives the webhooks of a third-party Standard Webhooks sender configured as
	 * {@code webhooks.receiver.sources.<source>}.
	 */
	@IdempotencyKeyExempt
	@PostMapping(path = "${webhooks.receiver.path:/webhooks/receive}/{source}")
	public ResponseEntity<?> receiveFromSource(@PathVariable("source") String source, HttpServletRequest request)
			throws IOException {
		byte[] body = readBody(request);
		if (body == null) {
			return tooLarge();
		}
		return respond(this.inbox.receive(source, request::getHeader, body));
	}

	private ResponseEntity<?> tooLarge() {
		return problem(HttpStatus.CONTENT_TOO_LARGE.value(), "Webhook too large",
				"The body is larger than webhooks.receiver.max-body-size (" + this.maxBodySize + " bytes)");
	}

	private static ResponseEntity<?> respond(ReceiveResult result) {
		if (result.isSuccessful()) {
			return ResponseEntity.status(result.status()).build();
		}
		return problem(result.status(), result.title(), result.detail());
	}

	private byte[] readBody(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxBodySize) {
			return null;
		}
		try (InputStream input = request.getInputStream()) {
			byte[] body = input.readNBytes((int) Math.min(this.maxBodySize + 1, Integer.MAX_VALUE - 8));
			return (body.length > this.maxBodySize) ? null : body;
		}
	}

	private static ResponseEntity<ProblemDetail> problem(int status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

}
