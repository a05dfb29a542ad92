package dev.webhooks.realtime.pusher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Channel occupancy in this instance's memory; enough for one application instance.
 */
public final class InMemoryChannelOccupancy implements ChannelOccupancy {

	private final Map<String, Boolean> channels = new ConcurrentHashMap<>();

	@Override
	public @Nullable Boolean isOccupied(String channel) {
		return this.channels.get(channel);
	}

	@Override
	public void occupied(String channel) {
		this.channels.put(channel, Boolean.TRUE);
	}

	@Override
	public void vacated(String channel) {
		this.channels.put(channel, Boolean.FALSE);
	}

}
