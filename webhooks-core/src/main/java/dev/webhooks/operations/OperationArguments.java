package dev.webhooks.operations;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.DeliveryStatus;

/**
 * The arguments of an operation, the same for the Actuator endpoint and the command line. {@code null} means not
 * given. Which ones an operation reads is described on {@link WebhookOperations}.
 *
 * @param ids delivery ids
 * @param target a target server id
 * @param hook a runtime hook id (its deliveries have the target {@code hook:<id>})
 * @param entityType an entity name, for deliveries of captured changes
 * @param status a delivery status
 * @param from only deliveries created at or after this time
 * @param minutes for monitor: only deliveries created in the last this many minutes
 * @param limit for monitor: the count at which the limit is reached
 * @param olderThanDays for purge: delete finished deliveries completed more than this many days ago
 * @param all for cancel: cancel every pending delivery when no filter is given
 */
public record OperationArguments(List<String> ids, @Nullable String target, @Nullable String hook,
		@Nullable String entityType, @Nullable DeliveryStatus status, @Nullable Instant from,
		@Nullable Integer minutes, @Nullable Integer limit, @Nullable Integer olderThanDays, boolean all) {

	/** The names {@link #parse(Function)} looks up, in the kebab case used by command line properties. */
	public static final List<String> NAMES = List.of("ids", "target", "hook", "entity-type", "status", "from",
			"minutes", "limit", "older-than-days", "all");

	/**
	 * The earliest time a filter may name: the start of MariaDB's and MySQL's {@code DATETIME}, the narrowest range of
	 * the supported databases.
	 */
	public static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");

	/** The latest time a filter may name: the end of MariaDB's and MySQL's {@code DATETIME}. */
	public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	public OperationArguments {
		ids = List.copyOf(ids);
	}

	/** No arguments. */
	public static OperationArguments none() {
		return new OperationArguments(List.of(), null, null, null, null, null, null, null, null, false);
	}

	/**
	 * Reads the arguments from text values, as a command line or an HTTP request gives them.
	 * @param values the value of each of {@link #NAMES}, or {@code null} when not given
	 * @param now the time {@code from} durations count back from
	 * @throws InvalidOperationException naming the argument whose value cannot be read
	 */
	public static OperationArguments parse(Function<String, @Nullable String> values, Instant now) {
		Integer minutes = number("minutes", values.apply("minutes"));
		Integer olderThanDays = number("older-than-days", values.apply("older-than-days"));
		// both count back from now to a time the database must be able to compare with
		checkReachesBack("minutes", minutes, Duration::ofMinutes, now);
		checkReachesBack("older-than-days", olderThanDays, Duration::ofDays, now);
		return new OperationArguments(ids(values.apply("ids")), text(values.apply("target")),
				text(values.apply("hook")), text(values.apply("entity-type")), status(values.apply("status")),
				from(values.apply("from"), now), minutes, number("limit", values.apply("limit")), olderThanDays,
				Boolean.parseBoolean(text(values.apply("all"))));
	}

	/** Comma-separated ids; blanks are ignored. */
	public static List<String> ids(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::strip).filter((id) -> !id.isEmpty()).toList();
	}

	/**
	 * A status by name, case-insensitive; {@code error} and {@code waiting} (the names older tools used) mean
	 * {@code FAILED} and {@code PENDING}.
	 */
	public static @Nullable DeliveryStatus status(@Nullable String value) {
		String text = text(value);
		if (text == null) {
			return null;
		}
		String name = text.toUpperCase(Locale.ROOT).replace('-', '_');
		switch (name) {
			case "ERROR":
				return DeliveryStatus.FAILED;
			case "WAITING":
				return DeliveryStatus.PENDING;
			default:
				try {
					return DeliveryStatus.valueOf(name);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidOperationException("status '" + value + "' is not one of "
							+ Arrays.toString(DeliveryStatus.values()));
				}
		}
	}

	/**
	 * An ISO-8601 instant ({@code 2026-03-29T01:30:00Z}) or an ISO-8601 duration back from now ({@code PT2H}), from
	 * {@link #EARLIEST} to {@link #LATEST}.
	 */
	public static @Nullable Instant from(@Nullable String value, Instant now) {
		String text = text(value);
		if (text == null) {
			return null;
		}
		Instant from;
		try {
			from = (text.startsWith("P") || text.startsWith("p")) ? now.minus(Duration.parse(text))
					: Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidOperationException("from '" + value
					+ "' is neither an ISO-8601 instant like 2026-03-29T01:30:00Z nor a duration like PT2H");
		}
		catch (DateTimeException | ArithmeticException ex) {
			throw outOfRange("from", value);
		}
		return checkRange("from", value, from);
	}

	/**
	 * An ISO-8601 instant such as {@code 2026-11-21T08:30:00Z}, from {@link #EARLIEST} to {@link #LATEST}.
	 * @param name the argument's name, for the message
	 * @throws InvalidOperationException naming the argument when the value is not such an instant
	 */
	public static Instant instant(String name, String value) {
		Instant instant;
		try {
			instant = Instant.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidOperationException(
					name + " '" + value + "' is not an ISO-8601 instant such as 2026-11-21T08:30:00Z");
		}
		return checkRange(name, value, instant);
	}

	private static Instant checkRange(String name, String value, Instant instant) {
		if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			throw outOfRange(name, value);
		}
		return instant;
	}

	private static void checkReachesBack(String name, @Nullable Integer amount, Function<Long, Duration> unit,
			Instant now) {
		if (amount != null && now.minus(unit.apply(amount.longValue())).isBefore(EARLIEST)) {
			throw new InvalidOperationException(name + " " + amount + " reaches back before " + EARLIEST);
		}
	}

	private static InvalidOperationException outOfRange(String name, String value) {
		return new InvalidOperationException(name + " '" + value + "' is outside the supported range " + EARLIEST
				+ " to " + LATEST);
	}

	private static @Nullable Integer number(String name, @Nullable String value) {
		String text = text(value);
		if (text == null) {
			return null;
		}
		try {
			int number = Integer.parseInt(text);
			if (number < 0) {
				throw new InvalidOperationException(name + " must not be negative, got " + number);
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new InvalidOperationException(name + " '" + value + "' is not a whole number");
		}
	}

	private static @Nullable String text(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** Whether any filter of deliveries is given. */
	public boolean hasFilter() {
		return !this.ids.isEmpty() || this.target != null || this.hook != null || this.entityType != null
				|| this.status != null || this.from != null;
	}

}
