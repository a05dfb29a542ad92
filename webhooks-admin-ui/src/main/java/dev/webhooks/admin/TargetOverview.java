package dev.webhooks.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliverySearch;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.OutboxStats;
import dev.webhooks.delivery.Target;
import dev.webhooks.delivery.TargetStates;
import dev.webhooks.dispatch.TargetLaneState;
import dev.webhooks.dispatch.TargetLimits;
import dev.webhooks.hooks.Hook;
import dev.webhooks.hooks.HookService;
import dev.webhooks.operations.WebhookOperations;

/**
 * Puts together what is known of each target for the admin pages: the configured servers and the hooks, the target
 * states (disabled since when), the failing targets of the outbox statistics, and this instance's lanes (circuit,
 * pause, requests in flight). Reads only; operator actions go through {@link WebhookOperations}.
 */
public final class TargetOverview {

	/** Pending deliveries of one target are counted up to this, so a detail stays one short query. */
	static final int COUNT_LIMIT = 200;

	private final WebhookOperations operations;

	private final @Nullable HookService hooks;

	private final Map<String, String> serverUrls;

	private final Supplier<@Nullable List<TargetLaneState>> lanes;

	private final @Nullable Function<Target, TargetLimits> limits;

	private final DisabledTargetReasons reasons;

	private final Clock clock;

	/**
	 * @param serverUrls the configured servers' URLs, by server id
	 * @param lanes this instance's lanes, or null when it runs no dispatcher
	 * @param limits each target's lane limits, for targets without a lane yet; null without a dispatcher
	 */
	public TargetOverview(WebhookOperations operations, @Nullable HookService hooks, Map<String, String> serverUrls,
			Supplier<@Nullable List<TargetLaneState>> lanes, @Nullable Function<Target, TargetLimits> limits,
			DisabledTargetReasons reasons, Clock clock) {
		this.operations = Objects.requireNonNull(operations, "operations");
		this.hooks = hooks;
		this.serverUrls = Map.copyOf(serverUrls);
		this.lanes = Objects.requireNonNull(lanes, "lanes");
		this.limits = limits;
		this.reasons = Objects.requireNonNull(reasons, "reasons");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** Every target known: configured, a hook, disabled, failing, or with a lane on this instance. */
	public TargetViews.TargetList list() {
		Snapshot snapshot = snapshot();
		TreeSet<Target> targets = new TreeSet<>(snapshot.known());
		List<TargetViews.TargetSummary> items = new ArrayList<>();
		for (Target target : targets) {
			items.add(summary(target, snapshot));
		}
		// servers first, then hooks, each by label
		items.sort(Comparator.comparing(TargetViews.TargetSummary::kind).reversed()
			.thenComparing(TargetViews.TargetSummary::label, String.CASE_INSENSITIVE_ORDER));
		return new TargetViews.TargetList(this.clock.instant(), snapshot.lanes() != null, items);
	}

	/** One target, or empty when nothing is known of it: not configured, no hook, no state and no delivery. */
	public Optional<TargetViews.TargetDetail> detail(Target target) {
		Snapshot snapshot = snapshot();
		List<Delivery> pending = this.operations.search(
				DeliverySearch.newest(COUNT_LIMIT).withStatus(DeliveryStatus.PENDING).withTarget(target));
		boolean known = snapshot.known().contains(target) || !pending.isEmpty()
				|| !this.operations.search(DeliverySearch.newest(1).withTarget(target)).isEmpty();
		if (!known) {
			return Optional.empty();
		}
		int parked = (int) pending.stream()
			.filter((delivery) -> !delivery.nextAttemptAt().isBefore(TargetStates.PARKED_UNTIL))
			.count();
		TargetLaneState lane = snapshot.lane(target);
		return Optional.of(new TargetViews.TargetDetail(summary(target, snapshot), snapshot.lanes() != null,
				(lane != null) ? lane.lastFailureRate() : 0, (lane != null) ? lane.deferred() : 0,
				(lane != null) ? lane.throttled() : 0, pending.size(), parked, COUNT_LIMIT));
	}

	private Snapshot snapshot() {
		Map<String, Hook> hooks = new HashMap<>();
		HookService hookService = this.hooks;
		if (hookService != null) {
			hookService.list().forEach((hook) -> hooks.put(hook.id(), hook));
		}
		Map<Target, OutboxStats.FailingTarget> failing = new HashMap<>();
		this.operations.outboxStats().failingTargets().forEach((target) -> failing.put(target.target(), target));
		List<TargetLaneState> lanes = this.lanes.get();
		Map<Target, TargetLaneState> byTarget = new HashMap<>();
		if (lanes != null) {
			lanes.forEach((lane) -> byTarget.put(lane.target(), lane));
		}
		List<Target> servers = this.serverUrls.keySet().stream().map(Target::server).toList();
		return new Snapshot(servers, hooks, this.operations.disabledTargets(), failing,
				(lanes != null) ? byTarget : null);
	}

	private TargetViews.TargetSummary summary(Target target, Snapshot snapshot) {
		Hook hook = target.isHook() ? snapshot.hooks().get(target.id()) : null;
		String label;
		String url;
		if (target.isHook()) {
			label = (hook != null) ? hook.name() : target.id() + " (deleted hook)";
			url = (hook != null) ? hook.url() : null;
		}
		else {
			label = target.id();
			url = this.serverUrls.get(target.id());
		}
		Instant disabledSince = snapshot.disabled().get(target);
		DisabledTargetReasons.Reason reason = (disabledSince != null) ? this.reasons.reason(target).orElse(null)
				: null;
		TargetLaneState lane = snapshot.lane(target);
		OutboxStats.FailingTarget failing = snapshot.failing().get(target);
		String circuit = null;
		if (lane != null) {
			circuit = lane.circuit().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		else if (snapshot.lanes() != null) {
			circuit = "closed";
		}
		Integer maxConcurrency = null;
		double rate = 0;
		if (lane != null) {
			maxConcurrency = lane.maxConcurrency();
			rate = lane.ratePerSecond();
		}
		else if (this.limits != null) {
			TargetLimits limits = limits(target);
			if (limits != null) {
				maxConcurrency = (limits.maxConcurrency() == Integer.MAX_VALUE) ? null : limits.maxConcurrency();
				rate = limits.ratePerSecond();
			}
		}
		Instant throttledUntil = (lane != null) ? lane.pausedUntil() : null;
		String state;
		if (disabledSince != null) {
			state = "disabled";
		}
		else if (lane != null && lane.circuitOpen()) {
			state = "circuit-open";
		}
		else if (throttledUntil != null) {
			state = "throttled";
		}
		else {
			state = "ok";
		}
		return new TargetViews.TargetSummary(target.value(), target.isHook() ? "hook" : "server", target.id(), label,
				(url != null) ? withoutCredentials(url) : null, state, disabledSince == null, disabledSince,
				(reason != null) ? reason.reason() : null, (reason != null) ? reason.by() : null, circuit,
				(lane != null && lane.circuitOpen()) ? lane.circuitOpenUntil() : null, throttledUntil,
				(lane != null) ? lane.inFlight() : 0, (lane != null) ? lane.waiting() : 0, maxConcurrency, rate,
				(failing != null) ? failing.failingDeliveries() : 0, (failing != null) ? failing.lastFailureAt() : null,
				(failing != null) ? failing.lastError() : null, (hook != null) ? hook.enabled() : null);
	}

	private @Nullable TargetLimits limits(Target target) {
		try {
			return Objects.requireNonNull(this.limits).apply(target);
		}
		catch (RuntimeException ex) {
			// a hook deleted meanwhile, or limits that cannot be read: shown as unknown
			return null;
		}
	}

	/**
	 * The URL as shown to operators: without user info, and with the values of its query hidden, since either may
	 * hold a credential.
	 */
	static String withoutCredentials(String url) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() == null) {
				return "(not an absolute URL)";
			}
			String query = uri.getRawQuery();
			StringBuilder shown = new StringBuilder();
			shown.append(uri.getScheme()).append("://").append(uri.getHost());
			if (uri.getPort() != -1) {
				shown.append(':').append(uri.getPort());
			}
			shown.append((uri.getRawPath() != null) ? uri.getRawPath() : "");
			if (query != null) {
				shown.append('?');
				String[] parameters = query.split("&");
				for (int i = 0; i < parameters.length; i++) {
					int equals = parameters[i].indexOf('=');
					shown.append((i > 0) ? "&" : "")
						.append((equals < 0) ? parameters[i] : parameters[i].substring(0, equals) + "=…");
				}
			}
			return shown.toString();
		}
		catch (URISyntaxException ex) {
			return "(not a valid URL)";
		}
	}

	private record Snapshot(List<Target> servers, Map<String, Hook> hooks, Map<Target, Instant> disabled,
			Map<Target, OutboxStats.FailingTarget> failing, @Nullable Map<Target, TargetLaneState> lanes) {

		@Nullable TargetLaneState lane(Target target) {
			Map<Target, TargetLaneState> all = this.lanes;
			return (all != null) ? all.get(target) : null;
		}

		List<Target> known() {
			List<Target> known = new ArrayList<>(this.servers);
			this.hooks.keySet().forEach((id) -> known.add(Target.hook(id)));
			known.addAll(this.disabled.keySet());
			known.addAll(this.failing.keySet());
			if (this.lanes != null) {
				known.addAll(this.lanes.keySet());
			}
			return known;
		}

	}

}
