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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

import dev.webhooks.delivery.DeliveryAttempt;
import dev.webhooks.dispatch.TransportResponse;
import dev.webhooks.dispatch.WebhookRequest;
import dev.webhooks.dispatch.WebhookTransport;

/**
 * A {@link WebhookTransport} on one shared {@link OkHttpClient}. Requests are executed on the caller's thread, so
 * the dispatcher's worker pool bounds concurrency.
 */
public final class OkHttpWebhookTransport implements WebhookTransport {

	private final OkHttpClient client;

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
		if (connectRetries < 0) {
			throw new IllegalArgumentException("connectRetries must not be negative, but is " + connectRetries);
		}
		this.client = Objects.requireNonNull(client, "client");
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
		OkHttpClient.Builder builder = clientBuilder(settings);
		customizer.accept(builder);
		return new OkHttpWebhookTransport(builder.build(), true, settings.connectRetries(), Clock.systemUTC());
	}

	private static OkHttpClient buildClient(OkHttpTransportSettings settings) {
		return clientBuilder(settings).build();
	}

	private static OkHttpClient.Builder clientBuilder(OkHttpTransportSettings settings) {
		OkHttpClient.Builder builder = new OkHttpClient.Builder().connectTimeout(settings.connectTimeout())
			.readTimeout(settings.readTimeout())
			.writeTimeout(settings.writeTimeout())
			.callTimeout(settings.callTimeout())
			.connectionPool(new ConnectionPool(settings.maxIdleConnections(), settings.keepAlive().toMillis(),
					TimeUnit.MILLISECONDS))
			.followRedirects(settings.followRedirects())
			.followSslRedirects(settings.followRedirects());
		if (!settings.allowPrivateAddresses()) {
			OkHttpPrivateAddressGuard guard = new OkHttpPrivateAddressGuard();
			// redirects followed inside OkHttp pass only network interceptors: an IP literal there is checked too
			builder.dns(guard).addInterceptor(guard).addNetworkInterceptor(guard);
		}
		return builder;
	}

	/** The client, for tests and for callers that want to share its pool. */
	public OkHttpClient client() {
		return this.client;
	}

	@Override
	public TransportResponse send(WebhookRequest request) throws IOException {
		Request okRequest = toOkHttpRequest(request);
		for (int retry = 0;; retry++) {
			try {
				return execute(okRequest);
			}
			catch (ConnectException ex) {
				// nothing was sent on a failed connect, so trying again at once cannot duplicate the message
				if (retry >= this.connectRetries) {
					throw ex;
				}
			}
		}
	}

	private TransportResponse execute(Request request) throws IOException {
		try (Response response = this.client.newCall(request).execute()) {
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

}
