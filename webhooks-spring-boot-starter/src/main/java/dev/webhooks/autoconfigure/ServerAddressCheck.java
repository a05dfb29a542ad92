package dev.webhooks.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;

import dev.webhooks.dispatch.okhttp.OkHttpProxy;
import dev.webhooks.net.PrivateAddressGuard;
import dev.webhooks.net.PrivateAddressRefusedException;
import dev.webhooks.net.RefusalWarnings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * At start-up, warns about each configured server whose URL resolves to an address the private-address guard
 * refuses, so that a first try against {@code localhost} says at once why nothing arrives:
 * <pre>
 * Deliveries to target 'billing' (webhooks.servers.billing.url) will be refused: localhost resolves to the non-public address 127.0.0.1; allow it with webhooks.http.allowed-networks=127.0.0.1/32, or every non-public address with webhooks.http.allow-private-addresses=true
 * </pre>
 * Behind a proxy only IP-literal URLs are judged, as when sending.
 */
final class ServerAddressCheck implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(ServerAddressCheck.class);

	private final Map<String, WebhooksProperties.Server> servers;

	private final PrivateAddressGuard guard;

	private final @Nullable OkHttpProxy proxy;

	ServerAddressCheck(Map<String, WebhooksProperties.Server> servers, PrivateAddressGuard guard,
			@Nullable OkHttpProxy proxy) {
		this.servers = servers;
		this.guard = guard;
		this.proxy = proxy;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!this.guard.isEnabled()) {
			return;
		}
		this.servers.forEach(this::check);
	}

	private void check(String id, WebhooksProperties.Server server) {
		String url = server.getUrl();
		if (url == null || url.isBlank()) {
			return;
		}
		String host = URI.create(url.strip()).getHost();
		if (host == null) {
			return;
		}
		String bareHost = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		boolean literal = bareHost.indexOf(':') >= 0 || bareHost.matches("[\\d.]+");
		if (!literal && this.proxy != null && !this.proxy.bypasses(bareHost)) {
			return; // the proxy resolves it, as it will when sending
		}
		try {
			this.guard.check(host, Arrays.asList(InetAddress.getAllByName(bareHost)));
		}
		catch (PrivateAddressRefusedException ex) {
			RefusalWarnings.warnAtStartUp(id, "webhooks.servers." + id + ".url", ex);
		}
		catch (UnknownHostException ex) {
			// the first attempt says so with the delivery; nothing to add here
			logger.debug("Server '{}': host {} does not resolve at start-up", id, host);
		}
	}

}
