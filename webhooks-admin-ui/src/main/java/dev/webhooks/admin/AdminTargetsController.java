package dev.webhooks.admin;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Target;
import dev.webhooks.operations.InvalidOperationException;
import dev.webhooks.operations.OperationArguments;
import dev.webhooks.operations.OperationReport;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.spring.security.WebhooksAccess;
import dev.webhooks.spring.security.WebhooksAccessDeniedException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The targets of the admin API, under {@code <webhooks.admin.path>/api/targets}: the list with each target's state
 * (enabled or disabled, circuit, pause, lane), one target's detail, and the operator's disable and enable, which go
 * through {@link WebhookOperations} like the {@code disable-target} and {@code enable-target} operations, so they raise
 * the same operational events and enabling sends the parked deliveries. Protected like the rest of the admin API;
 * errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping(path = "${webhooks.admin.path:/webhooks-admin}/api/targets", produces = "application/json")
public class AdminTargetsController {

	/** The longest target accepted in a path: a server id or {@code hook:<id>}. */
	static final int MAX_TARGET_LENGTH = 255;

	private final TargetOverview overview;

	private final WebhookOperations operations;

	private final DisabledTargetReasons reasons;

	private final WebhooksAccess access;

	public AdminTargetsController(TargetOverview overview, WebhookOperations operations, DisabledTargetReasons reasons,
			WebhooksAccess access) {
		this.overview = overview;
		this.operations = operations;
		this.reasons = reasons;
		this.access = access;
	}

	// runs before every handler of this controller
	@ModelAttribute
	void checkAccess(HttpServletRequest request) {
		this.access.check(request, WebhooksAccess.Action.USE_ADMIN_PAGES);
	}

	@GetMapping
	TargetViews.TargetList list() {
		return this.overview.list();
	}

	@GetMapping("/{target}")
	ResponseEntity<?> detail(@PathVariable String target, HttpServletRequest request) {
		Target parsed = parse(target);
		Optional<TargetViews.TargetDetail> detail = this.overview.detail(parsed);
		if (detail.isEmpty()) {
			return unknown(parsed, request);
		}
		return ResponseEntity.ok(detail.get());
	}

	/** Disables the target: its pending deliveries are parked, kept but not sent, until it is enabled again. */
	@PostMapping("/{target}/disable")
	ResponseEntity<?> disable(@PathVariable String target, HttpServletRequest request) {
		Target parsed = parse(target);
		Optional<TargetViews.TargetDetail> before = this.overview.detail(parsed);
		if (before.isEmpty()) {
			return unknown(parsed, request);
		}
		if (!before.get().target().enabled()) {
			return AdminApiController.problem(HttpStatus.CONFLICT, "conflict", "Already disabled",
					"target '" + parsed + "' is already disabled", request);
		}
		OperationReport.Changed changed = this.operations.disableTarget(arguments(parsed));
		this.reasons.disabledBy(parsed, user(request));
		TargetViews.TargetDetail now = this.overview.detail(parsed).orElseThrow();
		return ResponseEntity.ok(new TargetViews.TargetChanged("disabled",
				(changed.deliveries() > 0) ? now.parkedDeliveries() : 0, now));
	}

	/** Enables a disabled target: its parked deliveries are due at once. */
	@PostMapping("/{target}/enable")
	ResponseEntity<?> enable(@PathVariable String target, HttpServletRequest request) {
		Target parsed = parse(target);
		Optional<TargetViews.TargetDetail> before = this.overview.detail(parsed);
		if (before.isEmpty()) {
			return unknown(parsed, request);
		}
		if (before.get().target().enabled()) {
			return AdminApiController.problem(HttpStatus.CONFLICT, "conflict", "Not disabled",
					"target '" + parsed + "' is not disabled", request);
		}
		OperationReport.Changed changed = this.operations.enableTarget(arguments(parsed));
		return ResponseEntity.ok(new TargetViews.TargetChanged("enabled", changed.deliveries(),
				this.overview.detail(parsed).orElseThrow()));
	}

	@ExceptionHandler({ InvalidOperationException.class, IllegalArgumentException.class })
	ResponseEntity<ProblemDetail> invalid(RuntimeException ex, HttpServletRequest request) {
		return AdminApiController.problem(HttpStatus.BAD_REQUEST, "invalid", "Invalid request", ex.getMessage(),
				request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> denied(WebhooksAccessDeniedException ex, HttpServletRequest request) {
		HttpStatus status = ex.isAuthenticated() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
		return AdminApiController.problem(status, ex.isAuthenticated() ? "forbidden" : "unauthorized",
				ex.isAuthenticated() ? "Forbidden" : "Unauthorized", ex.getMessage(), request);
	}

	private static ResponseEntity<ProblemDetail> unknown(Target target, HttpServletRequest request) {
		return AdminApiController.problem(HttpStatus.NOT_FOUND, "not-found", "No such target",
				"no server, hook, target state or delivery has the target '" + target + "'", request);
	}

	// the stored form: a server id, or hook:<id>
	private static Target parse(String value) {
		if (value.length() > MAX_TARGET_LENGTH) {
			throw new InvalidOperationException("target: longer than " + MAX_TARGET_LENGTH + " characters");
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidOperationException("target: contains a control character");
		}
		try {
			return Target.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidOperationException("target: " + ex.getMessage());
		}
	}

	private static OperationArguments arguments(Target target) {
		return new OperationArguments(List.of(), target.value(), null, null, null, null, null, null, null, false);
	}

	private static @Nullable String user(HttpServletRequest request) {
		return (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : null;
	}

}
