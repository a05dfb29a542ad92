package dev.webhooks.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Gives each server with {@code webhooks.servers.<id>.ssl.bundle} a client that connects with that Spring Boot SSL
 * bundle: its key for mutual TLS, its trust store, its protocols and ciphers. Servers naming the same bundle share one
 * client; every client shares the transport's connection pool and dispatcher.
 */
final class ServerSslBundles {

	private ServerSslBundles() {
	}

	/**
	 * Adds a target client per bundle named by the servers.
	 * @throws InvalidWebhooksPropertyException when a server names a bundle that does not exist, or has an http URL
	 */
	static void apply(Map<String, WebhooksProperties.Server> servers, @Nullable SslBundles bundles,
			OkHttpWebhookTransport.Builder transport) {
		Map<String, List<Target>> targetsByBundle = new LinkedHashMap<>();
		Map<String, SslBundle> bundlesByName = new LinkedHashMap<>();
		servers.forEach((id, server) -> {
			String name = server.getSsl().getBundle();
			if (name == null || name.isBlank()) {
				return;
			}
			String property = "webhooks.servers." + id + ".ssl.bundle";
			String url = server.getUrl();
			if (url != null && !url.strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
				throw new InvalidWebhooksPropertyException(property, "is set, but webhooks.servers." + id
						+ ".url is not an https URL, so the bundle would never be used");
			}
			bundlesByName.computeIfAbsent(name.strip(), (bundleName) -> bundle(bundles, bundleName, property));
			targetsByBundle.computeIfAbsent(name.strip(), (bundleName) -> new ArrayList<>()).add(Target.server(id));
		});
		targetsByBundle.forEach((name, targets) -> {
			SslBundle bundle = bundlesByName.get(name);
			transport.targetClient("ssl bundle '" + name + "'", targets, (client) -> configure(client, bundle));
		});
	}

	private static SslBundle bundle(@Nullable SslBundles bundles, String name, String property) {
		if (bundles == null) {
			throw new InvalidWebhooksPropertyException(property, "names the SSL bundle '" + name
					+ "', but the application has no SslBundles (Spring Boot's SslAutoConfiguration is off)");
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidWebhooksPropertyException(property, "names the SSL bundle '" + name + "', which is not "
					+ "configured; define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
					+ " (configured: " + bundles.getBundleNames() + ")");
		}
	}

	static void configure(OkHttpClient.Builder client, SslBundle bundle) {
		SSLContext context = bundle.createSslContext();
		client.sslSocketFactory(context.getSocketFactory(), trustManager(bundle));
		SslOptions options = bundle.getOptions();
		if (options.isSpecified()) {
			ConnectionSpec.Builder spec = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS);
			if (options.getCiphers() != null) {
				spec.cipherSuites(options.getCiphers());
			}
			if (options.getEnabledProtocols() != null) {
				spec.tlsVersions(options.getEnabledProtocols());
			}
			client.connectionSpecs(List.of(spec.build()));
		}
	}

	private static X509TrustManager trustManager(SslBundle bundle) {
		for (TrustManager manager : bundle.getManagers().getTrustManagers()) {
			if (manager instanceof X509TrustManager x509) {
				return x509;
			}
		}
		throw new IllegalStateException("the SSL bundle has no X.509 trust manager, which OkHttp needs");
	}

}
