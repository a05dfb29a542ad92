package dev.webhooks.autoconfigure;

/**
 * A {@code webhooks.*} property has a value the library cannot work with. The message names the property.
 */
public class InvalidWebhooksPropertyException extends IllegalStateException {

	private final String property;

	private final String problem;

	public InvalidWebhooksPropertyException(String property, String problem) {
		super(property + ": " + problem);
		this.property = property;
		this.problem = problem;
	}

	public String getProperty() {
		return this.property;
	}

	public String getProblem() {
		return this.problem;
	}

}
