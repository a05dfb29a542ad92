package dev.webhooks.autoconfigure;

import dev.webhooks.dispatch.DeliveryDispatcher;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the dispatcher once the application is up (after the web server, so deliveries to this application's own
 * receiver find it listening) and stops it gracefully before the data source closes.
 */
final class DeliveryDispatcherLifecycle implements SmartLifecycle {

	private final DeliveryDispatcher dispatcher;

	private volatile boolean running;

	DeliveryDispatcherLifecycle(DeliveryDispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public void start() {
		this.dispatcher.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.dispatcher.stop();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

}
