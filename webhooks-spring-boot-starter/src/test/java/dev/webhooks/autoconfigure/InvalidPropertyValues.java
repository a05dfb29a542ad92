package dev.webhooks.autoconfigure;

import java.util.Map;

import org.assertj.core.api.AbstractThrowableAssert;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks invalid values of a properties class: each must fail the start-up naming its property. */
public final class InvalidPropertyValues {

	private InvalidPropertyValues() {
	}

	/**
	 * Starts the runner once per value and asserts that the start-up fails with an
	 * {@link InvalidWebhooksPropertyException} whose message starts with the property's name.
	 * @param invalid values by property name; an indexed name ({@code custom-events[0]}) is reported without its index
	 * @param credential a value that no message may contain, or {@code null}
	 */
	public static void assertEachFailsNamingItsProperty(ApplicationContextRunner runner, Map<String, String> invalid,
			String credential) {
		invalid.forEach((property, value) -> runner.withPropertyValues(property + "=" + value).run((context) -> {
			AbstractThrowableAssert<?, ?> failure = assertThat(context).getFailure()
				.as(property + "=" + value)
				.rootCause()
				.isInstanceOf(InvalidWebhooksPropertyException.class)
				.hasMessageStartingWith(property.replaceAll("\\[\\d+]$", "") + ":");
			if (credential != null) {
				failure.hasMessageNotContaining(credential);
			}
		}));
	}

}
