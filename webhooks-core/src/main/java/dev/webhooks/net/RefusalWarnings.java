package dev.webhooks.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a refusal of the {@link PrivateAddressGuard} at WARN once per target and address, not once per attempt: a
 * target on {@code localhost} is refused on every retry, and the log should say so once, with the property that
 * allows it. The line reads:
 * <pre>
 * Deliveries to target 'billing' are refused: localhost resolves to the non-public address 127.0.0.1; allow it with webhooks.http.allowed-networks=127.0.0.1/32, or every non-public address with webhooks.http.allow-private-addresses=true
 * </pre>
 */
public final class RefusalWarnings {

	/** Enough for every target an application has; past it the memory starts over rather than grow. */
	private static final int MAX_REMEMBERED = 10_000;

	private static final Logger logger = LoggerFactory.getLogger(PrivateAddressGuard.class);

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * Logs the refusal unless this target was already refused at this address.
	 * @param target the target's name ({@code billing}, {@code hook:42}), or {@code null} for a request to no
	 * target (a hook's test send), which is then named by its host
	 * @return whether it was logged
	 */
	public boolean warnOnce(@Nullable String target, PrivateAddressRefusedException refusal) {
		String key = target + " " + refusal.host() + " " + refusal.address().getHostAddress();
		if (this.warned.size() >= MAX_REMEMBERED) {
			this.warned.clear();
		}
		if (!this.warned.add(key)) {
			return false;
		}
		logger.warn(line(target, refusal.host(), refusal.reason()));
		return true;
	}

	/**
	 * Logs, at start-up, that a configured target will be refused:
	 * {@code Deliveries to target 'billing' (webhooks.servers.billing.url) will be refused: localhost resolves to ...}.
	 * @param target the target's name
	 * @param property the property that holds its URL
	 */
	public static void warnAtStartUp(String target, String property, PrivateAddressRefusedException refusal) {
		logger.warn("Deliveries to target '" + target + "' (" + property + ") will be refused: " + refusal.reason());
	}

	static String line(@Nullable String target, String host, String reason) {
		String subject = (target != null) ? "Deliveries to target '" + target + "'" : "Requests to " + host;
		return subject + " are refused: " + reason;
	}

}
