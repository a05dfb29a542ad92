package dev.webhooks.autoconfigure.kafka;

import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.kafka.KafkaDeliveryLeases;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the worker's dispatcher once the application is up, and stops it before the data source closes: first the
 * dispatcher, so that every record it took is settled, then the leases, which commit the settled offsets and close
 * the consumer. Neither can start again once stopped.
 */
final class KafkaWorkerLifecycle implements SmartLifecycle {

	private final DeliveryDispatcher dispatcher;

	private final KafkaDeliveryLeases leases;

	private volatile boolean running;

	KafkaWorkerLifecycle(DeliveryDispatcher dispatcher, KafkaDeliveryLeases leases) {
		this.dispatcher = dispatcher;
		this.leases = leases;
	}

	@Override
	public void start() {
		this.dispatcher.start();
		this.running = true;
	}

	@Override
	public void stop() {
		try {
			this.dispatcher.stop();
		}
		finally {
			this.leases.close();
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// as the dispatcher of the database mode: after the web server, so deliveries to this application find it
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

}
