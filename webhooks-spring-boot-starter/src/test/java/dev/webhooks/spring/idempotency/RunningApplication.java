package dev.webhooks.spring.idempotency;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The test application on a real embedded server, and an HTTP client to call it. */
final class RunningApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String baseUrl;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	static RunningApplication start(String... properties) {
		List<String> all = new ArrayList<>(List.of(IdempotencyTestApplication.COMMON_PROPERTIES));
		all.addAll(List.of(properties));
		return new RunningApplication(
				new SpringApplicationBuilder(IdempotencyTestApplication.class).properties(all.toArray(new String[0]))
					.run());
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	int invocations(String endpoint) {
		return bean(IdempotencyTestApplication.Invocations.class).of(endpoint);
	}

	Call post(String path) {
		return new Call("POST", path);
	}

	Call call(String method, String path) {
		return new Call(method, path);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** One request to build and send. */
	final class Call {

		private final String method;

		private final String path;

		private final List<String> headers = new ArrayList<>();

		private String body = "";

		private @Nullable String contentType = "application/json";

		Call(String method, String path) {
			this.method = method;
			this.path = path;
		}

		Call key(String key) {
			return header("Idempotency-Key", key);
		}

		Call header(String name, String value) {
			this.headers.add(name);
			this.headers.add(value);
			return this;
		}

		Call as(String user) {
			return header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8)));
		}

		Call body(String body) {
			this.body = body;
			return this;
		}

		Call form(String body) {
			this.body = body;
			this.contentType = "application/x-www-form-urlencoded";
			return this;
		}

		HttpResponse<String> send() {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RunningApplication.this.baseUrl + this.path))
				.timeout(Duration.ofSeconds(30))
				.method(this.method, HttpRequest.BodyPublishers.ofString(this.body));
			if (this.contentType != null) {
				request.header("Content-Type", this.contentType);
			}
			for (int i = 0; i < this.headers.size(); i += 2) {
				request.header(this.headers.get(i), this.headers.get(i + 1));
			}
			try {
				return RunningApplication.this.client.send(request.build(),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
