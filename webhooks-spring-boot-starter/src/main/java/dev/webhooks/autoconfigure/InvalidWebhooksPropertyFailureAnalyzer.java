package dev.webhooks.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid {@code webhooks.*} property at start-up with the property and what to do.
 */
class InvalidWebhooksPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWebhooksPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWebhooksPropertyException cause) {
		return new FailureAnalysis("Invalid webhooks configuration: " + cause.getProperty() + " " + cause.getProblem(),
				"Correct '" + cause.getProperty() + "' in your application configuration. "
						+ "The properties are listed in the README of webhooks.",
				cause);
	}

}
