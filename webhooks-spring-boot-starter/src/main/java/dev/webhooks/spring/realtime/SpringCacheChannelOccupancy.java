package dev.webhooks.spring.realtime;

import dev.webhooks.realtime.pusher.ChannelOccupancy;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * Channel occupancy kept in a Spring {@link Cache}: with a shared cache (Redis, for example) every application
 * instance sees the occupancy webhooks any one of them received. Entries expire as the cache is configured; an
 * expired channel is unknown again and triggers a re-sync.
 */
public final class SpringCacheChannelOccupancy implements ChannelOccupancy {

	private final Cache cache;

	public SpringCacheChannelOccupancy(Cache cache) {
		this.cache = cache;
	}

	@Override
	public @Nullable Boolean isOccupied(String channel) {
		return this.cache.get(channel, Boolean.class);
	}

	@Override
	public void occupied(String channel) {
		this.cache.put(channel, Boolean.TRUE);
	}

	@Override
	public void vacated(String channel) {
		this.cache.put(channel, Boolean.FALSE);
	}

}
