package dev.webhooks.autoconfigure;

import dev.webhooks.scheduling.PeriodicTask;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link PeriodicTask} of the library (purges, the hooks refresh, the auto-disable check) while the
 * application context runs: started once every bean is ready, stopped before the data source closes.
 */
public final class PeriodicTaskLifecycle implements SmartLifecycle {

	private final PeriodicTask task;

	public PeriodicTaskLifecycle(PeriodicTask task) {
		this.task = task;
	}

	/** The task this lifecycle runs. */
	public PeriodicTask getTask() {
		return this.task;
	}

	@Override
	public void start() {
		this.task.start();
	}

	@Override
	public void stop() {
		this.task.close();
	}

	@Override
	public boolean isRunning() {
		return this.task.isRunning();
	}

}
