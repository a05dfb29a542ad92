package dev.webhooks.autoconfigure.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.webhooks.kafka.OutboxRelay;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Creates the topic when it is missing, then starts the relay; stops it before the data source closes. It starts
 * before the worker, so that the topic exists when the worker subscribes, and stops after it.
 */
final class OutboxRelayLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelayLifecycle.class);

	private static final long TOPIC_CREATION_TIMEOUT_SECONDS = 30;

	private final OutboxRelay relay;

	/** The admin client's settings when the relay creates a missing topic, else {@code null}. */
	private final @Nullable Map<String, Object> adminSettings;

	private final int partitions;

	private final int replicationFactor;

	private volatile boolean running;

	OutboxRelayLifecycle(OutboxRelay relay, @Nullable Map<String, Object> adminSettings, int partitions,
			int replicationFactor) {
		this.relay = relay;
		this.adminSettings = adminSettings;
		this.partitions = partitions;
		this.replicationFactor = replicationFactor;
	}

	@Override
	public void start() {
		if (this.adminSettings != null) {
			createTopicIfMissing(this.adminSettings);
		}
		this.relay.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.relay.stop();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// the worker's dispatcher is at DEFAULT_PHASE - 512, as in database mode
		return SmartLifecycle.DEFAULT_PHASE - 768;
	}

	private void createTopicIfMissing(Map<String, Object> adminSettings) {
		String topic = this.relay.settings().topic();
		NewTopic newTopic = new NewTopic(topic, Optional.of(this.partitions),
				(this.replicationFactor == -1) ? Optional.empty() : Optional.of((short) this.replicationFactor));
		try (Admin admin = Admin.create(adminSettings)) {
			if (admin.listTopics().names().get(TOPIC_CREATION_TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
				return;
			}
			admin.createTopics(List.of(newTopic)).all().get(TOPIC_CREATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			logger.info("Created topic '{}' with {} partitions", topic, this.partitions);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				warnNotCreated(topic, ex.getCause());
			}
		}
		catch (TimeoutException | RuntimeException ex) {
			warnNotCreated(topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// the relay keeps trying to publish, and reports its failures in the health details, until the topic exists
	private static void warnNotCreated(String topic, @Nullable Throwable cause) {
		logger.warn("Could not create topic '{}' (webhooks.kafka.create-topic); the relay publishes once it exists: {}",
				topic, String.valueOf(cause));
	}

}
