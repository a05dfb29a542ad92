package dev.webhooks.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A target was not reached because its host resolved to an address the {@link PrivateAddressGuard} refuses. An
 * {@link UnknownHostException}, as HTTP clients expect of a DNS lookup that gives no usable address.
 */
public final class PrivateAddressRefusedException extends UnknownHostException {

	private final String host;

	private final InetAddress address;

	private final String reason;

	PrivateAddressRefusedException(String host, InetAddress address, String reason) {
		super("refused: " + reason);
		this.host = host;
		this.address = address;
		this.reason = reason;
	}

	/** The host name or IP literal of the target. */
	public String host() {
		return this.host;
	}

	/** The address refused. */
	public InetAddress address() {
		return this.address;
	}

	/** Why, and the properties that allow it, as {@link PrivateAddressGuard#refusal} says it. */
	public String reason() {
		return this.reason;
	}

}
