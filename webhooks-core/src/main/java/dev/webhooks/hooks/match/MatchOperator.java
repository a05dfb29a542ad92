package dev.webhooks.hooks.match;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a condition compares a field with its value. Except for {@link #ANY}, only string fields can match: a field
 * that is missing, {@code null}, a number or an object never does.
 */
public enum MatchOperator {

	/** Matches whatever the field holds, even when it is missing. */
	ANY,

	/** The field equals the value exactly (case-sensitive). */
	EQUALS,

	/** The field starts with the value. */
	STARTS_WITH,

	/** The field ends with the value. */
	ENDS_WITH,

	/** The field contains the value. */
	CONTAINS,

	/**
	 * The regular expression finds a match in the field; anchor it with {@code ^...$} for all of it. The syntax is
	 * RE2's (Java's without backreferences, lookaround or possessive quantifiers), matched in linear time.
	 */
	REGEX;

	/** The name in the API and the database, e.g. {@code starts-with}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The operator named by {@link #id()}, case-insensitive; underscores are accepted for dashes. */
	public static Optional<MatchOperator> of(String id) {
		String normalized = id.strip().toUpperCase(Locale.ROOT).replace('-', '_');
		return Arrays.stream(values()).filter((operator) -> operator.name().equals(normalized)).findFirst();
	}

	/** The ids of every operator, for error messages. */
	public static String ids() {
		return Arrays.stream(values()).map(MatchOperator::id).collect(Collectors.joining(", "));
	}

}
