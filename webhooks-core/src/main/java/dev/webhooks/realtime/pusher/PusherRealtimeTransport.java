package dev.webhooks.realtime.pusher;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;
import com.pusher.rest.marshaller.DataMarshaller;
import com.pusher.rest.marshaller.DefaultDataMarshaller;
import dev.webhooks.realtime.RealtimeEvent;
import dev.webhooks.realtime.RealtimePushException;
import dev.webhooks.realtime.RealtimeTransport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes events to Pusher Channels (or a Pusher-compatible server such as Soketi) through one shared
 * {@link Pusher} client: a single event with its channels in one {@code /events} call, several events together in
 * {@code /batch_events} calls. The data is sent as the JSON already rendered, each event's size is checked against
 * the limit first, and the originating connection's socket id is passed so Pusher leaves it out.
 * <p>
 * With a {@link ChannelOccupancy}, channels known to be vacated are skipped; when a channel is unknown, the occupied
 * channels are re-read from Pusher's channels API (at most once per {@code resyncInterval}) and the channel is
 * recorded as occupied or vacated from that listing.
 */
public final class PusherRealtimeTransport implements RealtimeTransport {

	private static final Logger logger = LoggerFactory.getLogger(PusherRealtimeTransport.class);

	/** Pusher's limit on channels per {@code /events} call. */
	private static final int MAX_CHANNELS_PER_TRIGGER = 100;

	private final Pusher pusher;

	private final Settings settings;

	private final @Nullable ChannelOccupancy occupancy;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private final AtomicLong skipped = new AtomicLong();

	private long lastResync = Long.MIN_VALUE;

	private @Nullable Set<String> listing;

	/**
	 * @param pusher the shared client; its data marshaller is replaced by one that sends this transport's already
	 * rendered JSON as is and marshals any other data the application triggers with Pusher's default (Gson)
	 * @param occupancy where channel occupancy is recorded, or {@code null} to push to every channel
	 */
	public PusherRealtimeTransport(Pusher pusher, Settings settings, @Nullable ChannelOccupancy occupancy,
			JsonMapper jsonMapper, Clock clock) {
		this.pusher = pusher;
		this.settings = settings;
		this.occupancy = occupancy;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
		DataMarshaller standard = new DefaultDataMarshaller();
		pusher.setDataMarshaller(
				(data) -> (data instanceof RenderedJson rendered) ? rendered.json() : standard.marshal(data));
	}

	@Override
	public void push(List<RealtimeEvent> events) {
		List<Event> outgoing = new ArrayList<>();
		List<String> tooLarge = new ArrayList<>();
		int tooLargeEvents = 0;
		for (RealtimeEvent event : events) {
			int size = event.data().getBytes(StandardCharsets.UTF_8).length;
			if (size > this.settings.maxMessageSize()) {
				tooLarge.add(event.name() + " for " + event.entityName() + " " + event.entityId() + " (" + size
						+ " bytes)");
				tooLargeEvents++;
				continue;
			}
			for (String channel : event.channels()) {
				if (isWorthSending(channel)) {
					outgoing.add(new Event(channel, event.name(), new RenderedJson(event.data()),
							event.excludedConnection()));
				}
				else {
					this.skipped.incrementAndGet();
				}
			}
		}
		send(events, outgoing);
		if (!tooLarge.isEmpty()) {
			throw new PusherMessageTooLargeException("Not pushed, data larger than " + this.settings.maxMessageSize()
					+ " bytes (webhooks.realtime.pusher.max-message-size; Pusher refuses larger messages): "
					+ String.join(", ", tooLarge) + "; exclude attributes or use a RealtimeDataSerializer to send less",
					tooLargeEvents);
		}
	}

	private void send(List<RealtimeEvent> events, List<Event> outgoing) {
		if (outgoing.isEmpty()) {
			return;
		}
		if (events.size() == 1) {
			// one event to several channels: the /events call takes up to 100 channels at once
			Event first = outgoing.get(0);
			List<String> channels = outgoing.stream().map(Event::getChannel).toList();
			for (int from = 0; from < channels.size(); from += MAX_CHANNELS_PER_TRIGGER) {
				List<String> chunk = channels.subList(from, Math.min(channels.size(), from + MAX_CHANNELS_PER_TRIGGER));
				check(this.pusher.trigger(chunk, first.getName(), first.getData(), first.getSocketId()), first.getName());
			}
			return;
		}
		for (int from = 0; from < outgoing.size(); from += this.settings.batchSize()) {
			List<Event> batch = outgoing.subList(from, Math.min(outgoing.size(), from + this.settings.batchSize()));
			check(this.pusher.trigger(batch), batch.size() + " batched events");
		}
	}

	private static void check(Result result, String what) {
		if (result.getStatus() != Result.Status.SUCCESS) {
			throw new RealtimePushException("Pusher refused " + what + ": " + result.getStatus() + " (HTTP "
					+ result.getHttpStatus() + ") " + result.getMessage());
		}
	}

	private boolean isWorthSending(String channel) {
		if (this.occupancy == null) {
			return true;
		}
		Boolean occupied = this.occupancy.isOccupied(channel);
		if (occupied == null) {
			Set<String> listing = occupiedChannels();
			if (listing == null) {
				// unknown and Pusher cannot tell: send rather than lose the event
				return true;
			}
			occupied = listing.contains(channel);
			if (!occupied) {
				this.occupancy.vacated(channel);
			}
		}
		return occupied;
	}

	/**
	 * The occupied channels as Pusher last listed them, re-read from its channels API when the last listing is older
	 * than the re-sync interval; webhooks keep the occupancy current in between.
	 * @return {@code null} when Pusher could not be asked
	 */
	private synchronized @Nullable Set<String> occupiedChannels() {
		long now = this.clock.millis();
		if (this.listing != null && now - this.lastResync < this.settings.resyncInterval().toMillis()) {
			return this.listing;
		}
		if (this.lastResync != Long.MIN_VALUE && now - this.lastResync < this.settings.resyncInterval().toMillis()) {
			return null;
		}
		this.lastResync = now;
		this.listing = null;
		Result result = this.pusher.get("/channels");
		if (result.getStatus() != Result.Status.SUCCESS) {
			logger.warn("Could not re-sync occupied channels from Pusher: {} (HTTP {}) {}", result.getStatus(),
					result.getHttpStatus(), result.getMessage());
			return null;
		}
		try {
			Set<String> occupied = new HashSet<>(
					this.jsonMapper.readTree(result.getMessage()).path("channels").propertyNames());
			this.occupancy.occupiedAll(occupied);
			this.listing = occupied;
			return occupied;
		}
		catch (JacksonException ex) {
			logger.warn("Could not read Pusher's channel list: {}", ex.getOriginalMessage());
			return null;
		}
	}

	/** Channel pushes skipped because the channel was vacated. */
	public long skippedCount() {
		return this.skipped.get();
	}

	/** Event data already written as JSON, which the marshaller passes through unchanged. */
	private record RenderedJson(String json) {

	}

	/**
	 * @param maxMessageSize the largest event data sent, in bytes (Pusher's default limit is 10 KB)
	 * @param batchSize the most events per {@code /batch_events} call (10 on Pusher's shared clusters)
	 * @param resyncInterval the least time between two re-syncs of occupied channels
	 */
	public record Settings(long maxMessageSize, int batchSize, Duration resyncInterval) {

		/** Pusher's default limits, and a re-sync at most every 30 seconds. */
		public static final Settings DEFAULTS = new Settings(10 * 1024, 10, Duration.ofSeconds(30));

		public Settings {
			if (maxMessageSize < 1) {
				throw new IllegalArgumentException("maxMessageSize must be positive, not " + maxMessageSize);
			}
			if (batchSize < 1) {
				throw new IllegalArgumentException("batchSize must be positive, not " + batchSize);
			}
		}

	}

}
