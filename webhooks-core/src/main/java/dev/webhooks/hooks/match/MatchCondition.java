package dev.webhooks.hooks.match;

import org.jspecify.annotations.Nullable;

/**
 * One condition of a hook's match filter, as stored and as sent to the API:
 * <pre>{@code
 * {"field": "address.city", "operator": "starts-with", "value": "Spring"}
 * }</pre>
 *
 * @param field a dotted path into the captured instance, e.g. {@code name} or {@code address.city}
 * @param operator one of {@code any}, {@code equals}, {@code starts-with}, {@code ends-with}, {@code contains},
 * {@code regex}
 * @param value the text to compare with; not needed for {@code any}
 */
public record MatchCondition(String field, String operator, @Nullable String value) {

}
