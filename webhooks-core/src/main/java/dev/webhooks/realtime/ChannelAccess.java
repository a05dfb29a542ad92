package dev.webhooks.realtime;

import java.util.Locale;

/**
 * Who may subscribe to a channel, told by its name's prefix as Pusher Channels does: {@code private-} and
 * {@code presence-} channels need an authorized subscription, others are public.
 */
public enum ChannelAccess {

	PUBLIC(""), PRIVATE("private-"), PRESENCE("presence-");

	private final String prefix;

	ChannelAccess(String prefix) {
		this.prefix = prefix;
	}

	/** The channel name prefix, empty for public channels. */
	public String prefix() {
		return this.prefix;
	}

	/** The access a channel name asks for. */
	public static ChannelAccess of(String channel) {
		String lower = channel.toLowerCase(Locale.ROOT);
		if (lower.startsWith(PRIVATE.prefix)) {
			return PRIVATE;
		}
		return lower.startsWith(PRESENCE.prefix) ? PRESENCE : PUBLIC;
	}

	/** The name with this access's prefix, unless it has a private or presence prefix already. */
	public String apply(String channel) {
		return (this == PUBLIC || of(channel) != PUBLIC) ? channel : this.prefix + channel;
	}

	/** Whether subscribing needs an authorizer's consent. */
	public boolean requiresAuthorization() {
		return this != PUBLIC;
	}

}
