package dev.webhooks.admin;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliverySelection;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.delivery.Target;
import dev.webhooks.hooks.EntityTypes;
import dev.webhooks.hooks.HookDefinition;
import dev.webhooks.hooks.HookPreview;
import dev.webhooks.hooks.HookService;
import dev.webhooks.hooks.InvalidHookException;
import dev.webhooks.operations.InvalidOperationException;
import dev.webhooks.operations.OperationArguments;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.spring.security.WebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccessDeniedException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API of the admin pages under {@code <webhooks.admin.path>/api}: the dashboard, the deliveries list and
 * detail, retry, cancel, replay and the preview of a hook's payload. It reads and acts through
 * {@link WebhookOperations} and {@link HookService}, the services behind the hooks REST API and the Actuator
 * operations, never through the outbox's store; hooks themselves are managed through the hooks REST API. Errors are RFC 9457
 * problem details.
 */
@RestController
@RequestMapping(path = "${webhooks.admin.path:/webhooks-admin}/api", produces = "application/json")
public class AdminApiController {

	static final String TYPE_BASE = "https://webhooks.dev/problems/admin-";

	/** The most failed deliveries one "retry all failed" click puts back, so one request stays short. */
	static final int MAX_RETRY_ALL = 10_000;

	private static final int MAX_PAGE_SIZE = 500;

	/** Deliveries read per query while collecting the failed ones to retry. */
	private static final int MAX_IN_ONE_READ = 500;

	private static final boolean SPRING_SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.web.csrf.CsrfToken", AdminApiController.class.getClassLoader());

	private final WebhookOperations operations;

	private final @Nullable HookService hooks;

	private final WebhooksAccess access;

	private final Settings settings;

	private final Clock clock;

	public AdminApiController(WebhookOperations operations, @Nullable HookService hooks,
			WebhooksAccess access, Settings settings, Clock clock) {
		this.operations = operations;
		this.hooks = hooks;
		this.access = access;
		this.settings = settings;
		this.clock = clock;
	}

	// runs before every handler of this controller
	@ModelAttribute
	void checkAccess(HttpServletRequest request) {
		this.access.check(request, WebhooksAccess.Action.USE_ADMIN_PAGES);
	}

	@GetMapping("/session")
	AdminViews.Session session(HttpServletRequest request) {
		AdminViews.Csrf csrf = SPRING_SECURITY_PRESENT ? SecurityCsrf.of(request) : null;
		Map<String, List<String>> entityTypes = new TreeMap<>();
		this.settings.entityTypes().attributes()
			.forEach((name, attributes) -> entityTypes.put(name, attributes.stream().sorted().toList()));
		List<String> events = new ArrayList<>(List.of("created", "updated", "deleted"));
		events.addAll(this.settings.customEvents());
		String user = (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : null;
		return new AdminViews.Session(user, csrf, (this.hooks != null) ? this.settings.hooksApiPath() : null,
				entityTypes, events, this.settings.pageSize(), this.settings.chartHours(),
				(this.hooks != null) ? this.hooks.rotationOverlap().toString() : null);
	}

	@GetMapping("/dashboard")
	AdminViews.Dashboard dashboard() {
		Instant now = this.clock.instant();
		OutboxStats stats = this.operations.outboxStats();
		Instant chartSince = now.minus(Duration.ofHours(this.settings.chartHours()))
			.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
		List<AdminViews.FailingTarget> failing = stats.failingTargets()
			.stream()
			.map((target) -> new AdminViews.FailingTarget(target.target().value(), label(target.target()),
					target.failingDeliveries(), target.lastFailureAt(), target.lastError()))
			.toList();
		return new AdminViews.Dashboard(now, stats.counts(), stats.queueDepth(), stats.oldestPendingCreatedAt(),
				stats.oldestPendingAge(now).toSeconds(), failing, chartSince, this.operations.countPerMinute(chartSince));
	}

	@GetMapping("/deliveries")
	AdminViews.DeliveryPage deliveries(@RequestParam Map<String, String> parameters) {
		String id = text(parameters.get("id"));
		if (id != null) {
			List<AdminViews.DeliverySummary> found = this.operations.delivery(id).map(this::summary).stream().toList();
			return new AdminViews.DeliveryPage(found, null);
		}
		int limit = this.settings.pageSize();
		String limitText = text(parameters.get("limit"));
		if (limitText != null) {
			try {
				limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Integer.parseInt(limitText)));
			}
			catch (NumberFormatException ex) {
				throw new InvalidOperationException("limit '" + limitText + "' is not a number");
			}
		}
		DeliverySearch search = search(parameters).withLimit(limit + 1);
		String cursor = text(parameters.get("after"));
		if (cursor != null) {
			int space = cursor.indexOf(' ');
			if (space < 1) {
				throw new InvalidOperationException("after '" + cursor + "' is not a page cursor");
			}
			search = search.after(OperationArguments.instant("after", cursor.substring(0, space)),
					cursor.substring(space + 1));
		}
		List<Delivery> found = this.operations.search(search);
		String next = null;
		if (found.size() > limit) {
			found = found.subList(0, limit);
			Delivery last = found.get(limit - 1);
			next = last.createdAt() + " " + last.id();
		}
		return new AdminViews.DeliveryPage(found.stream().map(this::summary).toList(), next);
	}

	@GetMapping("/deliveries/{id}")
	ResponseEntity<?> delivery(@PathVariable String id, HttpServletRequest request) {
		Optional<Delivery> found = this.operations.delivery(id);
		if (found.isEmpty()) {
			return problem(HttpStatus.NOT_FOUND, "not-found", "No such delivery", "no delivery has the id '" + id + "'",
					request);
		}
		Delivery delivery = found.get();
		return ResponseEntity.ok(new AdminViews.DeliveryDetail(summary(delivery), delivery.url(),
				delivery.httpMethod(), HeaderMasking.mask(delivery.headers()), delivery.payload(),
				this.operations.attempts(id).stream().map(AdminViews.Attempt::of).toList()));
	}

	/** Puts the given failed or cancelled deliveries back in the queue: the {@code retry} operation. */
	@PostMapping(path = "/deliveries/retry", consumes = "application/json")
	AdminViews.Changed retry(@RequestBody IdsRequest body) {
		return new AdminViews.Changed(this.operations.retry(byIds(body.ids())).deliveries(), false);
	}

	/** Cancels the given pending deliveries. */
	@PostMapping(path = "/deliveries/cancel", consumes = "application/json")
	AdminViews.Changed cancel(@RequestBody IdsRequest body) {
		if (body.ids().isEmpty()) {
			throw new InvalidOperationException("select the deliveries to cancel");
		}
		return new AdminViews.Changed(this.operations.cancel(byIds(body.ids())).deliveries(), false);
	}

	/** Puts every failed delivery matching the list's filter back in the queue, up to {@link #MAX_RETRY_ALL}. */
	@PostMapping(path = "/deliveries/retry-failed", consumes = "application/json")
	AdminViews.Changed retryFailed(@RequestBody Map<String, String> filter) {
		if (text(filter.get("status")) != null
				&& OperationArguments.status(filter.get("status")) != DeliveryStatus.FAILED) {
			throw new InvalidOperationException("retry all failed needs the status filter FAILED or none");
		}
		String id = text(filter.get("id"));
		if (id != null) {
			OperationArguments failedOnly = new OperationArguments(List.of(id), null, null, null, DeliveryStatus.FAILED,
					null, null, null, null, false);
			return new AdminViews.Changed(this.operations.retry(failedOnly).deliveries(), false);
		}
		DeliverySearch search = search(filter).withStatus(DeliveryStatus.FAILED).withLimit(MAX_IN_ONE_READ);
		List<String> ids = new ArrayList<>();
		List<Delivery> page = this.operations.search(search);
		while (!page.isEmpty() && ids.size() < MAX_RETRY_ALL) {
			page.stream().limit(MAX_RETRY_ALL - ids.size()).forEach((delivery) -> ids.add(delivery.id()));
			search = search.after(page.get(page.size() - 1));
			page = (page.size() < MAX_IN_ONE_READ) ? List.of() : this.operations.search(search);
		}
		if (ids.isEmpty()) {
			return new AdminViews.Changed(0, false);
		}
		int resent = this.operations.retry(byIds(ids)).deliveries();
		return new AdminViews.Changed(resent, ids.size() == MAX_RETRY_ALL);
	}

	/**
	 * Sends every finished delivery created since a time again, successful ones too, with their original message
	 * ids; optionally only one target's.
	 */
	@PostMapping(path = "/deliveries/replay", consumes = "application/json")
	AdminViews.Changed replay(@RequestBody ReplayRequest body) {
		if (body.from() == null) {
			throw new InvalidOperationException("from: give the time to replay from");
		}
		Instant from = OperationArguments.instant("from", body.from());
		if (from.isAfter(this.clock.instant())) {
			throw new InvalidOperationException("from: " + from + " is in the future");
		}
		DeliverySelection selection = DeliverySelection.all().withCreatedFrom(from).withTarget(target(body.target()));
		return new AdminViews.Changed(this.operations.replay(selection).deliveries(), false);
	}

	/** Renders a hook definition's payload for a sample instance, without saving or sending. */
	@PostMapping(path = "/hooks/preview", consumes = "application/json")
	ResponseEntity<?> preview(@RequestBody PreviewRequest body, HttpServletRequest request) {
		HookService hooks = this.hooks;
		if (hooks == null) {
			return problem(HttpStatus.CONFLICT, "unavailable", "Hooks are off",
					"runtime hooks are disabled (webhooks.hooks.enabled=false)", request);
		}
		HookDefinition definition = (body.definition() != null) ? body.definition()
				: HookDefinition.builder(null, null, null).build();
		HookPreview preview = hooks.preview(definition, body.sample(), text(body.event()));
		return ResponseEntity.ok(preview);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidHook(InvalidHookException ex, HttpServletRequest request) {
		// the same problem as the hooks REST API's, so the page shows the same messages next to the same fields
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setType(URI.create("https://webhooks.dev/problems/hooks-invalid"));
		problem.setTitle("Invalid hook");
		problem.setInstance(URI.create(request.getRequestURI()));
		problem.setProperty("errors", ex.errors()
			.stream()
			.map((error) -> Map.of("field", error.field(), "message", error.message()))
			.toList());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler({ InvalidOperationException.class, IllegalArgumentException.class })
	ResponseEntity<ProblemDetail> invalid(RuntimeException ex, HttpServletRequest request) {
		return problem(HttpStatus.BAD_REQUEST, "invalid", "Invalid request", ex.getMessage(), request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		return problem(HttpStatus.BAD_REQUEST, "unreadable", "Unreadable request",
				"the body is not the expected JSON: " + ex.getMostSpecificCause().getMessage(), request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> denied(WebhooksAccessDeniedException ex, HttpServletRequest request) {
		HttpStatus status = ex.isAuthenticated() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
		return problem(status, ex.isAuthenticated() ? "forbidden" : "unauthorized",
				ex.isAuthenticated() ? "Forbidden" : "Unauthorized", ex.getMessage(), request);
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title,
			@Nullable String detail, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		// preset, or a handler's produces = "application/json" would make it plain JSON
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private DeliverySearch search(Map<String, String> parameters) {
		String hook = text(parameters.get("hook"));
		String target = text(parameters.get("target"));
		if (hook != null && target != null) {
			throw new InvalidOperationException("give hook or target, not both");
		}
		String from = text(parameters.get("from"));
		String to = text(parameters.get("to"));
		return DeliverySearch.newest(this.settings.pageSize())
			.withStatus(OperationArguments.status(parameters.get("status")))
			.withTarget((hook != null) ? Target.hook(hook) : target(target))
			.withEntityType(text(parameters.get("entityType")))
			.withEventType(text(parameters.get("eventType")))
			.withCreated((from != null) ? OperationArguments.instant("from", from) : null,
					(to != null) ? OperationArguments.instant("to", to) : null);
	}

	private static OperationArguments byIds(List<String> ids) {
		return new OperationArguments(ids, null, null, null, null, null, null, null, null, false);
	}

	private AdminViews.DeliverySummary summary(Delivery delivery) {
		return AdminViews.DeliverySummary.of(delivery, label(delivery.target()));
	}

	private String label(Target target) {
		HookService hooks = this.hooks;
		if (hooks != null && target.isHook()) {
			return hooks.find(target.id())
				.map((hook) -> "hook " + hook.name())
				.orElse(target.value() + " (deleted hook)");
		}
		return target.value();
	}

	// a target as stored: a server id, or hook:<id>
	private static @Nullable Target target(@Nullable String value) {
		String target = text(value);
		return (target != null) ? Target.parse(target) : null;
	}

	private static @Nullable String text(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** Delivery ids, for retry and cancel. */
	public record IdsRequest(List<String> ids) {

		public IdsRequest {
			ids = (ids != null) ? List.copyOf(ids) : List.of();
		}

	}

	/**
	 * A replay: every finished delivery created at or after {@code from}, optionally of one target only.
	 */
	public record ReplayRequest(@Nullable String from, @Nullable String target) {

	}

	/** A definition to preview with a sample instance and an event. */
	public record PreviewRequest(@Nullable HookDefinition definition, @Nullable Map<String, Object> sample,
			@Nullable String event) {

	}

	/**
	 * How the pages are set up.
	 *
	 * @param hooksApiPath where the hooks REST API is served
	 * @param entityTypes the entities hooks may name, for the form's choices and sample instances
	 * @param customEvents the custom events hooks may list
	 * @param pageSize deliveries per page
	 * @param chartHours hours shown by the dashboard's chart
	 */
	public record Settings(@Nullable String hooksApiPath, EntityTypes entityTypes, List<String> customEvents, int pageSize,
			int chartHours) {

		public Settings {
			customEvents = List.copyOf(customEvents);
		}

	}

	// kept apart so that the controller loads without Spring Security
	private static final class SecurityCsrf {

		static AdminViews.@Nullable Csrf of(HttpServletRequest request) {
			Object token = request.getAttribute(org.springframework.security.web.csrf.CsrfToken.class.getName());
			if (token instanceof org.springframework.security.web.csrf.CsrfToken csrf) {
				return new AdminViews.Csrf(csrf.getHeaderName(), csrf.getToken());
			}
			return null;
		}

	}

}
