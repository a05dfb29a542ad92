package dev.webhooks.hooks.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.webhooks.hooks.payload.FieldPaths;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A hook's match filter: every condition must match (AND); no conditions match everything.
 * <p>
 * Filters run during capture, in the business transaction, so regular expressions are matched with RE2/J, in time
 * linear in the text: a pattern such as {@code (a+)+b} cannot hang a save. RE2 syntax is Java's without
 * backreferences, lookaround, possessive quantifiers and atomic groups; patterns using them are refused. Matching
 * takes time proportional to the text's length times the compiled pattern's size, so large repetitions such as
 * {@code (a|b){1,1000}} are refused too.
 */
public final class MatchFilter {

	/**
	 * The most instructions a compiled regular expression may have: ordinary filters take 5 to 20, and
	 * {@code (.*a){20}b} about 100; each costs a step per character of the text.
	 */
	static final int MAX_PROGRAM_SIZE = 200;

	// the RE2 parse errors of constructs that only a backtracking engine offers
	private static final Set<String> BACKTRACKING_ONLY = Set.of("invalid escape sequence",
			"invalid or unsupported Perl syntax", "invalid nested repetition operator");

	private static final MatchFilter EVERYTHING = new MatchFilter(List.of());

	private final List<Compiled> conditions;

	private MatchFilter(List<Compiled> conditions) {
		this.conditions = List.copyOf(conditions);
	}

	/** The filter that matches every change. */
	public static MatchFilter everything() {
		return EVERYTHING;
	}

	/**
	 * Compiles conditions.
	 * @throws InvalidConditionException naming the condition's index, part and problem
	 */
	public static MatchFilter compile(List<MatchCondition> conditions) {
		List<Compiled> compiled = new ArrayList<>();
		for (int i = 0; i < conditions.size(); i++) {
			compiled.add(compile(i, conditions.get(i)));
		}
		return compiled.isEmpty() ? EVERYTHING : new MatchFilter(compiled);
	}

	private static Compiled compile(int index, MatchCondition condition) {
		if (condition.field() == null || !FieldPaths.isValid(condition.field().strip())) {
			throw new InvalidConditionException(index, "field", "'" + condition.field()
					+ "' is not a dotted field path such as name or address.city");
		}
		if (condition.operator() == null) {
			throw new InvalidConditionException(index, "operator", "is missing; use one of " + MatchOperator.ids());
		}
		MatchOperator operator = MatchOperator.of(condition.operator())
			.orElseThrow(() -> new InvalidConditionException(index, "operator",
					"'" + condition.operator() + "' is not one of " + MatchOperator.ids()));
		String value = condition.value();
		if (operator != MatchOperator.ANY && value == null) {
			throw new InvalidConditionException(index, "value", "is required for " + operator.id());
		}
		Pattern pattern = null;
		if (operator == MatchOperator.REGEX) {
			try {
				pattern = Pattern.compile(value);
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidConditionException(index, "value", "is not a valid regular expression: "
						+ ex.getDescription() + " '" + ex.getPattern() + "'"
						+ (isBacktrackingOnly(ex) ? "; filters use RE2 syntax, without backreferences, lookaround or "
								+ "possessive quantifiers, so that matching takes linear time" : ""));
			}
			if (pattern.programSize() > MAX_PROGRAM_SIZE) {
				throw new InvalidConditionException(index, "value", "is too complex a regular expression: it compiles to "
						+ pattern.programSize() + " instructions and at most " + MAX_PROGRAM_SIZE + " are allowed, since "
						+ "each costs a step per character matched; large repetitions such as {1,1000} make it grow");
			}
		}
		return new Compiled(condition.field().strip(), operator, value, pattern);
	}

	private static boolean isBacktrackingOnly(PatternSyntaxException ex) {
		// RE2 reads a lookbehind (?<= or (?<! as a malformed named group
		return BACKTRACKING_ONLY.contains(ex.getDescription()) || ex.getPattern().startsWith("(?<=")
				|| ex.getPattern().startsWith("(?<!");
	}

	/** Whether the captured instance passes every condition. */
	public boolean matches(JsonNode instance) {
		for (Compiled condition : this.conditions) {
			if (!condition.matches(instance)) {
				return false;
			}
		}
		return true;
	}

	private record Compiled(String field, MatchOperator operator, @Nullable String value, @Nullable Pattern pattern) {

		boolean matches(JsonNode instance) {
			if (this.operator == MatchOperator.ANY) {
				return true;
			}
			JsonNode node = FieldPaths.resolve(instance, this.field);
			if (!node.isString()) {
				return false;
			}
			String text = node.asString();
			String expected = (this.value != null) ? this.value : "";
			return switch (this.operator) {
				case EQUALS -> text.equals(expected);
				case STARTS_WITH -> text.startsWith(expected);
				case ENDS_WITH -> text.endsWith(expected);
				case CONTAINS -> text.contains(expected);
				case REGEX -> this.pattern != null && this.pattern.matcher(text).find();
				case ANY -> true;
			};
		}

	}

	/** A condition that cannot be compiled. */
	public static final class InvalidConditionException extends IllegalArgumentException {

		private final int index;

		private final String part;

		InvalidConditionException(int index, String part, String message) {
			super(message);
			this.index = index;
			this.part = part;
		}

		/** The field name in the API, e.g. {@code match[1].value}. */
		public String fieldName() {
			return "match[" + this.index + "]." + this.part;
		}

	}

}
