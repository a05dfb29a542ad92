package dev.webhooks.realtime;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a change into its event: the channels from the plan's templates and the resolvers, the data from the
 * serializer rendered as JSON now (later changes to the entity do not change what is pushed).
 */
public final class RealtimeEventFactory {

	private static final Logger logger = LoggerFactory.getLogger(RealtimeEventFactory.class);

	private final JsonMapper jsonMapper;

	private final RealtimeDataSerializer serializer;

	private final List<RealtimeChannelResolver> resolvers;

	private final boolean excludeOrigin;

	/**
	 * @param excludeOrigin whether the originating connection is left out at all (the plans can only turn it off)
	 */
	public RealtimeEventFactory(JsonMapper jsonMapper, RealtimeDataSerializer serializer,
			List<RealtimeChannelResolver> resolvers, boolean excludeOrigin) {
		this.jsonMapper = jsonMapper;
		this.serializer = serializer;
		this.resolvers = List.copyOf(resolvers);
		this.excludeOrigin = excludeOrigin;
	}

	/**
	 * @return the event, or {@code null} when the change goes to no channel
	 * @throws RealtimePushException when the data cannot be written as JSON
	 */
	public @Nullable RealtimeEvent create(RealtimePlan plan, RealtimeChange change) {
		Set<String> channels = new LinkedHashSet<>();
		for (ChannelTemplate template : plan.channels()) {
			String channel = template.resolve(change.state());
			if (channel != null) {
				channels.add(channel);
			}
		}
		for (RealtimeChannelResolver resolver : this.resolvers) {
			for (String channel : resolver.channels(change)) {
				if (ChannelTemplate.isValidName(channel)) {
					channels.add(channel);
				}
				else {
					logger.warn("Ignoring channel '{}' from {} for {}: not a valid channel name", channel,
							resolver.getClass().getName(), change.entityName());
				}
			}
		}
		if (channels.isEmpty()) {
			return null;
		}
		String data;
		try {
			data = this.jsonMapper.writeValueAsString(this.serializer.data(change));
		}
		catch (JacksonException ex) {
			throw new RealtimePushException("Could not write the data of " + plan.eventName(change.change()) + " for "
					+ change.entityName() + " " + change.id() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
		String excluded = (this.excludeOrigin && plan.excludeOrigin()) ? RealtimeOrigin.excludedConnection() : null;
		return new RealtimeEvent(plan.eventName(change.change()), List.copyOf(channels), change.entityName(),
				String.valueOf(change.id()), data, excluded);
	}

}
