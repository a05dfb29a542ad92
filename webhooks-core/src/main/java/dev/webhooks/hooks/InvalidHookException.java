package dev.webhooks.hooks;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A hook definition was refused; nothing was stored. Each {@link FieldError} names the field and the problem, e.g.
 * {@code headers: line 3 "token 1234" has no ':'}.
 */
public class InvalidHookException extends IllegalArgumentException {

	private final List<FieldError> errors;

	public InvalidHookException(List<FieldError> errors) {
		super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
		this.errors = List.copyOf(errors);
	}

	public InvalidHookException(String field, String message) {
		this(List.of(new FieldError(field, message)));
	}

	/** Every problem found, in field order. */
	public List<FieldError> errors() {
		return this.errors;
	}

	/**
	 * One problem with one field.
	 *
	 * @param field the field as named in the API, e.g. {@code url}, {@code events[1]} or {@code match[0].value}
	 * @param message what is wrong, e.g. {@code is required}
	 */
	public record FieldError(String field, String message) {

		@Override
		public String toString() {
			return this.field + ": " + this.message;
		}

	}

}
