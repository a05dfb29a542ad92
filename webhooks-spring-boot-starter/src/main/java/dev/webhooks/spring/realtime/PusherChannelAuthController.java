package dev.webhooks.spring.realtime;

import com.pusher.rest.Pusher;
import dev.webhooks.idempotency.IdempotencyKeyExempt;
import dev.webhooks.realtime.ChannelAccess;
import dev.webhooks.realtime.ChannelTemplate;
import dev.webhooks.realtime.RealtimeOrigin;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pusher's channel authorization endpoint for {@code private-} channels ({@code webhooks.realtime.pusher.auth-path},
 * default {@code /realtime/pusher/auth}; point pusher-js's {@code channelAuthorization.endpoint} at it). The
 * {@link RealtimeChannelAuthorizer} decides; without one every request is refused with 403. Presence channels need
 * the user's identity and are left to an endpoint of the application's own.
 */
@RestController
public class PusherChannelAuthController {

	private final Pusher pusher;

	private final @Nullable RealtimeChannelAuthorizer authorizer;

	public PusherChannelAuthController(Pusher pusher, @Nullable RealtimeChannelAuthorizer authorizer) {
		this.pusher = pusher;
		this.authorizer = authorizer;
	}

	// pusher-js sends no idempotency key, and signing a subscription changes nothing
	@IdempotencyKeyExempt
	@PostMapping(path = "${webhooks.realtime.pusher.auth-path:/realtime/pusher/auth}")
	public ResponseEntity<?> authorize(@RequestParam(name = "socket_id", required = false) @Nullable String socketId,
			@RequestParam(name = "channel_name", required = false) @Nullable String channelName,
			HttpServletRequest request) {
		if (socketId == null || !RealtimeOrigin.isValid(socketId) || channelName == null
				|| !ChannelTemplate.isValidName(channelName)) {
			return PusherWebhookController.problem(request, HttpStatus.BAD_REQUEST, "invalid-channel",
					"Invalid authorization request", "Send socket_id (digits.digits) and a valid channel_name");
		}
		if (ChannelAccess.of(channelName) != ChannelAccess.PRIVATE || this.authorizer == null
				|| !this.authorizer.canSubscribe(channelName, request)) {
			return PusherWebhookController.problem(request, HttpStatus.FORBIDDEN, "forbidden", "Subscription refused",
					"Not authorized to listen on channel '" + channelName + "'");
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.pusher.authenticate(socketId, channelName));
	}

}
