package dev.webhooks.autoconfigure.hooks;

import dev.webhooks.hooks.HookRefresher;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link HookRefresher} while the application context runs.
 */
final class HookRefresherLifecycle implements SmartLifecycle {

	private final HookRefresher refresher;

	HookRefresherLifecycle(HookRefresher refresher) {
		this.refresher = refresher;
	}

	@Override
	public void start() {
		this.refresher.start();
	}

	@Override
	public void stop() {
		this.refresher.close();
	}

	@Override
	public boolean isRunning() {
		return this.refresher.isRunning();
	}

}
