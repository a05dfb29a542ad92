package dev.webhooks.realtime.pusher;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * What this application knows about which Pusher channels have subscribers, kept from Pusher's
 * {@code channel_occupied} and {@code channel_vacated} webhooks. Implementations must be thread-safe; with several
 * application instances use a shared store (a Spring Cache on Redis, for example) so every instance sees the
 * webhooks any one of them received.
 */
public interface ChannelOccupancy {

	/** Whether the channel has subscribers: {@code true}, {@code false}, or {@code null} when unknown. */
	@Nullable Boolean isOccupied(String channel);

	/** Records that the channel has subscribers now. */
	void occupied(String channel);

	/** Records that the channel's last subscriber left. */
	void vacated(String channel);

	/** Records the outcome of a re-sync: the given channels are occupied. */
	default void occupiedAll(Collection<String> channels) {
		channels.forEach(this::occupied);
	}

}
