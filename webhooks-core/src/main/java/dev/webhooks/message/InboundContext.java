package dev.webhooks.message;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The server whose message is being handled on this thread. Messages that handling produces are not sent back to
 * that server, so two applications that mirror each other's entities do not echo changes forever.
 */
public final class InboundContext {

	private static final ThreadLocal<String> SOURCE = new ThreadLocal<>();

	private InboundContext() {
	}

	/** The server whose message this thread is handling, or {@code null}. */
	public static @Nullable String currentSource() {
		return SOURCE.get();
	}

	/** Runs {@code work} as the handling of a message from {@code source}. */
	public static <T> T handling(String source, Supplier<T> work) {
		String previous = SOURCE.get();
		SOURCE.set(source);
		try {
			return work.get();
		}
		finally {
			if (previous == null) {
				SOURCE.remove();
			}
			else {
				SOURCE.set(previous);
			}
		}
	}

}
