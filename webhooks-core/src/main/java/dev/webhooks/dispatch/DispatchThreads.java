package dev.webhooks.dispatch;

import java.util.concurrent.TimeUnit;

/** The dispatcher's thread helpers. */
final class DispatchThreads {

	private DispatchThreads() {
	}

	static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	/** Joins until the deadline, in {@link System#nanoTime()}; returns whether the wait was interrupted. */
	static boolean join(Thread thread, long deadline) {
		try {
			long remaining = remainingNanos(deadline);
			if (remaining > 0) {
				TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
			}
			return false;
		}
		catch (InterruptedException ex) {
			return true;
		}
	}

	static long remainingNanos(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

}
