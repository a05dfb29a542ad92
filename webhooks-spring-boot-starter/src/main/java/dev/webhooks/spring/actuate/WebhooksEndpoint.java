package dev.webhooks.spring.actuate;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.webhooks.delivery.OutboxException;
import dev.webhooks.dispatch.TargetLaneState;
import dev.webhooks.operations.InvalidOperationException;
import dev.webhooks.operations.OperationArguments;
import dev.webhooks.operations.OperationReport;
import dev.webhooks.operations.WebhookOperation;
import dev.webhooks.operations.WebhookOperations;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code webhooks} Actuator endpoint ({@code /actuator/webhooks}). Exposure and security are the application's
 * Actuator settings, as for every other endpoint.
 * <ul>
 * <li>{@code GET /actuator/webhooks}: stats.</li>
 * <li>{@code GET /actuator/webhooks/monitor?status=FAILED&limit=50&minutes=10}: 200 under the limit, 503 when it is
 * reached.</li>
 * <li>{@code POST /actuator/webhooks/{retry|send-now|cancel|purge|enable-target|disable-target}} with a JSON body of arguments, e.g.
 * {@code {"target":"billing","status":"FAILED"}} or {@code {"ids":"msg_1,msg_2"}}. Actuator reads a write
 * operation's body as an object of strings, so ids are comma-separated, not a JSON array.</li>
 * </ul>
 * Invalid arguments are answered with 400 and a message naming the argument.
 */
@Endpoint(id = "webhooks")
public class WebhooksEndpoint {

	private final WebhookOperations operations;

	private final Clock clock;

	/** This instance's dispatcher, whose target lanes {@code GET /actuator/webhooks/targets} shows; or null. */
	private final java.util.function.Supplier<java.util.@Nullable List<TargetLaneState>> targetLanes;

	public WebhooksEndpoint(WebhookOperations operations, Clock clock) {
		this(operations, clock, () -> null);
	}

	/**
	 * @param targetLanes this instance's target lanes (circuit, pause, lane), or null without a dispatcher
	 */
	public WebhooksEndpoint(WebhookOperations operations, Clock clock,
			java.util.function.Supplier<java.util.@Nullable List<TargetLaneState>> targetLanes) {
		this.operations = operations;
		this.clock = clock;
		this.targetLanes = targetLanes;
	}

	/** The outbox statistics. */
	@ReadOperation
	public OperationReport.Stats stats() {
		return this.operations.stats();
	}

	/** {@code monitor} or {@code stats}, read without changing anything. */
	@ReadOperation
	public WebEndpointResponse<Object> read(@Selector String operation, @Nullable String status,
			@Nullable String limit, @Nullable String minutes, @Nullable String from) {
		Map<String, @Nullable String> values = new HashMap<>();
		values.put("status", status);
		values.put("limit", limit);
		values.put("minutes", minutes);
		values.put("from", from);
		if ("targets".equals(operation)) {
			// this instance's own view: lanes, circuits and pauses are kept per instance
			java.util.List<TargetLaneState> lanes = this.targetLanes.get();
			return (lanes != null) ? new WebEndpointResponse<>(Map.of("targets", lanes))
					: new WebEndpointResponse<>(Map.of("error", "this instance runs no dispatcher"),
							WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return run(() -> {
			WebhookOperation chosen = WebhookOperation.of(operation);
			if (chosen != WebhookOperation.MONITOR && chosen != WebhookOperation.STATS) {
				throw new InvalidOperationException(
						"'" + operation + "' changes deliveries: send it as a POST (write operation)");
			}
			return this.operations.execute(chosen, OperationArguments.parse(values::get, this.clock.instant()));
		});
	}

	/** {@code retry}, {@code send-now}, {@code cancel}, {@code purge}, {@code enable-target} or {@code disable-target}. */
	@WriteOperation
	public WebEndpointResponse<Object> write(@Selector String operation, @Nullable String ids,
			@Nullable String target, @Nullable String hook, @Nullable String entityType, @Nullable String status,
			@Nullable String from, @Nullable String olderThanDays, @Nullable String all) {
		Map<String, @Nullable String> values = new HashMap<>();
		values.put("ids", ids);
		values.put("target", target);
		values.put("hook", hook);
		values.put("entity-type", entityType);
		values.put("status", status);
		values.put("from", from);
		values.put("older-than-days", olderThanDays);
		values.put("all", all);
		return run(() -> {
			WebhookOperation chosen = WebhookOperation.of(operation);
			if (chosen == WebhookOperation.MONITOR || chosen == WebhookOperation.STATS) {
				throw new InvalidOperationException("'" + operation + "' only reads: send it as a GET");
			}
			return this.operations.execute(chosen, OperationArguments.parse(values::get, this.clock.instant()));
		});
	}

	private static WebEndpointResponse<Object> run(Supplier<OperationReport> operation) {
		try {
			OperationReport report = operation.get();
			return new WebEndpointResponse<>(report, report.limitReached()
					? WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE : WebEndpointResponse.STATUS_OK);
		}
		catch (InvalidOperationException ex) {
			return new WebEndpointResponse<>(Map.of("error", String.valueOf(ex.getMessage())),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (OutboxException ex) {
			return new WebEndpointResponse<>(Map.of("error", "the outbox cannot be read: " + ex.getMessage()),
					WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
	}

}
