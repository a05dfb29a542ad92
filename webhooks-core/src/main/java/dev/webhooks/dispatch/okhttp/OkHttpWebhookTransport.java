package dev.webhooks.dispatch.okhttp;

import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.TransportResponse;
import dev.webhooks.dispatch.WebhookRequest;
import dev.webhooks.dispatch.WebhookTransport;
import dev.webhooks.net.NetworkRange;
import dev.webhooks.net.PrivateAddressGuard;
import dev.webhooks.net.PrivateAddressRefusedException;
import dev.webhooks.net.RefusalWarnings;

/**
 * A {@link WebhookTransport} on one shared {@link OkHttpClient}. Requests are executed on the caller's thread, so
 * the dispatcher's worker pool bounds concurrency.
 */
public final class OkHttpWebhookTransport implements WebhookTransport {

	private final OkHttpClient client;

	/** The clients of targets that have their own (a TLS bundle...), derived from {@link #client}. */
	private final Map<Target, OkHttpClient> targetClients;

	private final RefusalWarnings refusals = new RefusalWarnings();

	private final boolean ownsClient;

	private final int connectRetries;

	private final Clock clock;

	/** A transport with its own client built from the settings; {@link #close()} releases the client. */
	public OkHttpWebhookTransport(OkHttpTransportSettings settings) {
		this(buildClient(settings), true, settings.connectRetries(), Clock.systemUTC());
	}

	/**
	 * A transport on a client the caller configured and keeps owning: {@link #close()} leaves it alone.
	 * @param client the client; its timeouts, redirects and pool are used as they are
	 * @param connectRetries how many more times a refused or failed connection is tried within one attempt
	 */
	public OkHttpWebhookTransport(OkHttpClient client, int connectRetries) {
		this(client, false, connectRetries, Clock.systemUTC());
	}

	OkHttpWebhookTransport(OkHttpClient client, boolean ownsClient, int connectRetries, Clock clock) {
		this(client, Map.of(), ownsClient, connectRetries, clock);
	}

	private OkHttpWebhookTransport(OkHttpClient client, Map<Target, OkHttpClient> targetClients, boolean ownsClient,
			int connectRetries, Clock clock) {
		if (connectRetries < 0) {
			throw new IllegalArgumentException("connectRetries must not be negative, but is " + connectRetries);
		}
		this.client = Objects.requireNonNull(client, "client");
		this.targetClients = Map.copyOf(targetClients);
		this.ownsClient = ownsClient;
		this.connectRetries = connectRetries;
		this.clock = clock;
	}

	/**
	 * A transport with its own client, built from the settings and then tuned by {@code customizer} (a proxy,
	 * TLS settings, an interceptor...); {@link #close()} releases the client.
	 */
	public static OkHttpWebhookTransport create(OkHttpTransportSettings settings,
			java.util.function.Consumer<OkHttpClient.Builder> customizer) {
		return builder(settings).customizer(customizer).build();
	}

	/**
	 * A transport with its own client, with more than the settings say: networks allowed past the private-address
	 * guard, a proxy, clients of their own for some targets.
	 * <pre>{@code
	 * OkHttpWebhookTransport transport = OkHttpWebhookTransport.builder(OkHttpTransportSettings.defaults())
	 *     .allowedNetworks(List.of(NetworkRange.parse("10.20.0.0/16")))
	 *     .proxy(OkHttpProxy.of(Proxy.Type.HTTP, "proxy.internal", 3128))
	 *     .targetClient("billing-mtls", Set.of(Target.server("billing")),
	 *         (client) -> client.sslSocketFactory(sslContext.getSocketFactory(), trustManager))
	 *     .build();
	 * }</pre>
	 */
	public static Builder builder(OkHttpTransportSettings settings) {
		return new Builder(settings);
	}

	private static OkHttpClient buildClient(OkHttpTransportSettings settings) {
		return clientBuilder(settings, PrivateAddressGuard.refusingNonPublic(), null).build();
	}

	private static OkHttpClient.Builder clientBuilder(OkHttpTransportSettings settings, PrivateAddressGuard guard,
			@Nullable OkHttpProxy proxy) {
		OkHttpClient.Builder builder = new OkHttpClient.Builder().connectTimeout(settings.connectTimeout())
			.readTimeout(settings.readTimeout())
			.writeTimeout(settings.writeTimeout())
			.callTimeout(settings.callTimeout())
			.connectionPool(new ConnectionPool(settings.maxIdleConnections(), settings.keepAlive().toMillis(),
					TimeUnit.MILLISECONDS))
			.followRedirects(settings.followRedirects())
			.followSslRedirects(settings.followRedirects());
		if (proxy != null) {
			proxy.applyTo(builder);
		}
		if (!settings.allowPrivateAddresses() && guard.isEnabled()) {
			OkHttpPrivateAddressGuard okHttpGuard = new OkHttpPrivateAddressGuard(guard, Dns.SYSTEM,
					(proxy != null) ? Set.of(proxy.host()) : Set.of());
			// redirects followed inside OkHttp pass only network interceptors: an IP literal there is checked too
			builder.dns(okHttpGuard).addInterceptor(okHttpGuard).addNetworkInterceptor(okHttpGuard);
		}
		return builder;
	}

	/** The client, for tests and for callers that want to share its pool. */
	public OkHttpClient client() {
		return this.client;
	}

	/** The client a request is sent with: its target's own, if it has one, or the shared one. */
	public OkHttpClient client(@Nullable Target target) {
		return (target != null) ? this.targetClients.getOrDefault(target, this.client) : this.client;
	}

	@Override
	public TransportResponse send(WebhookRequest request) throws IOException {
		Request okRequest = toOkHttpRequest(request);
		OkHttpClient targetClient = client(request.target());
		for (int retry = 0;; retry++) {
			try {
				return execute(targetClient, okRequest);
			}
			catch (ConnectException ex) {
				// nothing was sent on a failed connect, so trying again at once cannot duplicate the message
				if (retry >= this.connectRetries) {
					throw ex;
				}
			}
			catch (PrivateAddressRefusedException ex) {
				// retried by the dispatcher on every attempt, so logged once per target rather than each time
				this.refusals.warnOnce((request.target() != null) ? request.target().value() : null, ex);
				throw ex;
			}
		}
	}

	private TransportResponse execute(OkHttpClient targetClient, Request request) throws IOException {
		try (Response response = targetClient.newCall(request).execute()) {
			Duration retryAfter = parseRetryAfter(response.header("Retry-After"), this.clock.instant());
			return new TransportResponse(response.code(), retryAfter, readExcerpt(response.body()));
		}
	}

	private static Request toOkHttpRequest(WebhookRequest request) throws IOException {
		HttpUrl url = HttpUrl.parse(request.url());
		if (url == null) {
			// not echoed: a URL may carry a token in its query
			throw new MalformedURLException("the target URL is not an absolute http or https URL");
		}
		Request.Builder builder = new Request.Builder().url(url);
		for (Map.Entry<String, String> header : request.headers().entrySet()) {
			// the body carries the content type, so a header copy would only conflict with it
			if (!header.getKey().equalsIgnoreCase("content-type")) {
				builder.header(header.getKey(), header.getValue());
			}
		}
		String method = request.method().toUpperCase(java.util.Locale.ROOT);
		boolean withoutBody = method.equals("GET") || method.equals("HEAD");
		RequestBody body = withoutBody ? null : RequestBody.create(request.body(), MediaType.get(request.contentType()));
		return builder.method(method, body).build();
	}

	/** Reads the start of the body only: a target answering with megabytes must not fill the heap. */
	private static String readExcerpt(ResponseBody body) throws IOException {
		char[] buffer = new char[DeliveryAttempt.MAX_RESPONSE_EXCERPT];
		int length = 0;
		try (Reader reader = body.charStream()) {
			while (length < buffer.length) {
				int read = reader.read(buffer, length, buffer.length - length);
				if (read < 0) {
					break;
				}
				length += read;
			}
		}
		return new String(buffer, 0, length);
	}

	/**
	 * Parses a {@code Retry-After} value: delay seconds, or an HTTP date. A date in the past means no delay.
	 * @return the delay, or {@code null} when absent or unparseable
	 */
	static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		try {
			long seconds = Long.parseLong(trimmed);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			// not seconds: an HTTP date
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration delay = Duration.between(now, at);
			return delay.isNegative() ? Duration.ZERO : delay;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** The call timeout for each connect try, when the client has one. */
	@Override
	public Optional<Duration> maxCallDuration() {
		int callTimeoutMillis = this.client.callTimeoutMillis();
		if (callTimeoutMillis <= 0) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofMillis((long) callTimeoutMillis * (this.connectRetries + 1)));
	}

	/** Shuts down the client's executor and closes its pooled connections, unless the caller owns the client. */
	@Override
	public void close() {
		if (this.ownsClient) {
			this.client.dispatcher().executorService().shutdown();
			this.client.connectionPool().evictAll();
		}
	}


	/** Builds a transport with its own client; see {@link OkHttpWebhookTransport#builder}. */
	public static final class Builder {

		private final OkHttpTransportSettings settings;

		private PrivateAddressGuard guard = PrivateAddressGuard.refusingNonPublic();

		private @Nullable OkHttpProxy proxy;

		private Consumer<OkHttpClient.Builder> customizer = (builder) -> {
		};

		private final Map<String, TargetClient> targetClients = new LinkedHashMap<>();

		private Builder(OkHttpTransportSettings settings) {
			this.settings = Objects.requireNonNull(settings, "settings");
		}

		/**
		 * Non-public networks targets may reach although the settings refuse private addresses; ignored when they
		 * allow them all.
		 */
		public Builder allowedNetworks(Collection<NetworkRange> networks) {
			this.guard = PrivateAddressGuard.allowing(networks);
			return this;
		}

		/** The proxy requests go through; its own host is never refused by the private-address guard. */
		public Builder proxy(@Nullable OkHttpProxy proxy) {
			this.proxy = proxy;
			return this;
		}

		/** Tunes the shared client after the settings are applied; target clients start from the result. */
		public Builder customizer(Consumer<OkHttpClient.Builder> customizer) {
			this.customizer = Objects.requireNonNull(customizer, "customizer");
			return this;
		}

		/**
		 * Gives some targets a client of their own, derived from the shared one after its customizer ran, sharing
		 * its connection pool and dispatcher: one client per name, so targets with the same TLS bundle share one.
		 * @param name names the client, e.g. the TLS bundle's name
		 * @param targets the targets sent with it
		 * @param customizer what it changes, e.g. {@code sslSocketFactory(...)}
		 * @throws IllegalArgumentException when a target already has a client
		 */
		public Builder targetClient(String name, Collection<Target> targets, Consumer<OkHttpClient.Builder> customizer) {
			for (Target target : targets) {
				for (TargetClient other : this.targetClients.values()) {
					if (other.targets().contains(target) && !other.name().equals(name)) {
						throw new IllegalArgumentException("target '" + target + "' already has the client '"
								+ other.name() + "', so it cannot have '" + name + "' too");
					}
				}
			}
			TargetClient existing = this.targetClients.get(name);
			Set<Target> all = new LinkedHashSet<>(targets);
			if (existing != null) {
				all.addAll(existing.targets());
			}
			this.targetClients.put(name, new TargetClient(name, Set.copyOf(all), customizer));
			return this;
		}

		public OkHttpWebhookTransport build() {
			OkHttpClient.Builder builder = clientBuilder(this.settings, this.guard, this.proxy);
			this.customizer.accept(builder);
			OkHttpClient shared = builder.build();
			Map<Target, OkHttpClient> byTarget = new LinkedHashMap<>();
			for (TargetClient targetClient : this.targetClients.values()) {
				// newBuilder() keeps the pool, dispatcher, interceptors and guard: only what the customizer changes differs
				OkHttpClient.Builder derived = shared.newBuilder();
				targetClient.customizer().accept(derived);
				OkHttpClient client = derived.build();
				targetClient.targets().forEach((target) -> byTarget.put(target, client));
			}
			return new OkHttpWebhookTransport(shared, byTarget, true, this.settings.connectRetries(),
					Clock.systemUTC());
		}

		private record TargetClient(String name, Set<Target> targets, Consumer<OkHttpClient.Builder> customizer) {

		}

	}

}
