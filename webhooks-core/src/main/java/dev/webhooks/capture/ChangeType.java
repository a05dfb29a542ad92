package dev.webhooks.capture;

import java.util.Locale;

/**
 * The entity changes that are captured; each is sent as the event {@link #event()} ({@code created}, ...).
 */
public enum ChangeType {

	CREATED, UPDATED, DELETED;

	/** The event name on the wire. */
	public String event() {
		return name().toLowerCase(Locale.ROOT);
	}

}
