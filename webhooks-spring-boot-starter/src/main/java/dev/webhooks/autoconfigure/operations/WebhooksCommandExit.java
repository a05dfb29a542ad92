package dev.webhooks.autoconfigure.operations;

/**
 * Ends the application after a one-shot command with its exit status. The default closes the context and calls
 * {@link System#exit(int)}; a test or an embedding application can declare its own bean instead.
 */
@FunctionalInterface
public interface WebhooksCommandExit {

	/**
	 * @param status 0 done, 1 a monitored limit was reached, 2 invalid arguments, 3 the operation failed
	 */
	void exit(int status);

}
