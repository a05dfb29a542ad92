package dev.webhooks.realtime;

import java.security.SecureRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The live client connection whose request is being handled on this thread. Changes made here are not pushed back
 * to that connection, so a client that already shows the result of its own request does not receive it twice.
 * <p>
 * Connection ids look like Pusher socket ids ({@code 1234.5678}), so one request header
 * ({@code X-Pusher-Socket-Id} by default) serves both transports.
 */
public final class RealtimeOrigin {

	private static final Pattern CONNECTION_ID = Pattern.compile("\\d{1,20}\\.\\d{1,20}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final ThreadLocal<String> CONNECTION = new ThreadLocal<>();

	private static final ThreadLocal<Boolean> INCLUDED = new ThreadLocal<>();

	private RealtimeOrigin() {
	}

	/** The connection to leave out of pushes made on this thread, or {@code null}. */
	public static @Nullable String excludedConnection() {
		return Boolean.TRUE.equals(INCLUDED.get()) ? null : CONNECTION.get();
	}

	/**
	 * Runs {@code work} on behalf of a client connection.
	 * @param connectionId the connection id; ignored unless it is well-formed
	 */
	public static <T> T on(@Nullable String connectionId, Supplier<T> work) {
		try (Scope scope = enter(connectionId)) {
			return work.get();
		}
	}

	/**
	 * Marks this thread as acting for a client connection until the scope is closed, e.g. for one HTTP request.
	 * @param connectionId the connection id; ignored unless it is well-formed
	 */
	public static Scope enter(@Nullable String connectionId) {
		String previous = CONNECTION.get();
		if (connectionId != null && isValid(connectionId)) {
			CONNECTION.set(connectionId);
		}
		else {
			CONNECTION.remove();
		}
		return () -> restore(CONNECTION, previous);
	}

	/** Runs {@code work} so that its changes reach the originating connection too, for this push only. */
	public static <T> T includingOrigin(Supplier<T> work) {
		Boolean previous = INCLUDED.get();
		INCLUDED.set(Boolean.TRUE);
		try {
			return work.get();
		}
		finally {
			restore(INCLUDED, previous);
		}
	}

	/** Whether {@code id} has the form of a connection id, {@code digits.digits}. */
	public static boolean isValid(String id) {
		return CONNECTION_ID.matcher(id).matches();
	}

	/** A new random connection id, for a server-sent events subscription. */
	public static String newConnectionId() {
		return Math.abs(RANDOM.nextLong() % 1_000_000_000_000L) + "." + Math.abs(RANDOM.nextLong() % 1_000_000_000_000L);
	}

	private static <T> void restore(ThreadLocal<T> local, @Nullable T previous) {
		if (previous == null) {
			local.remove();
		}
		else {
			local.set(previous);
		}
	}

	/** Ends acting for a connection; restores what was there before. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
