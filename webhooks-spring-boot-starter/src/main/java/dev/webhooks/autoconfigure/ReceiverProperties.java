package dev.webhooks.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.webhooks.receive.InboundSource;
import dev.webhooks.signing.WebhookSecret;

import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code webhooks.receiver.*}: the endpoint that receives webhooks from peers and from third-party
 * Standard Webhooks senders.
 */
public class ReceiverProperties {

	/**
	 * Whether the receiver endpoint is served.
	 */
	private boolean enabled = true;

	/**
	 * Path of the receiver endpoint.
	 */
	private String path = "/webhooks/receive";

	/**
	 * How far a message's 'webhook-timestamp' may be from now, either way, before it is refused as stale.
	 */
	private Duration timestampTolerance = Duration.ofMinutes(5);

	/**
	 * Largest request body the receiver reads.
	 */
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	/**
	 * Whether Spring Security skips the receiver endpoint, which authenticates each request by its signature.
	 */
	private boolean skipSpringSecurity = true;

	private final Deduplication deduplication = new Deduplication();

	/**
	 * Third-party senders that follow the Standard Webhooks specification, by name: each is received at
	 * '<path>/<name>' and verified with its own secrets, without a webhook-source header.
	 */
	private Map<String, Source> sources = new LinkedHashMap<>();

	public Map<String, Source> getSources() {
		return this.sources;
	}

	public void setSources(Map<String, Source> sources) {
		this.sources = sources;
	}

	/**
	 * The configured inbound sources, their names, secrets and type fields checked.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong
	 */
	public List<InboundSource> toInboundSources() {
		List<InboundSource> inboundSources = new ArrayList<>();
		for (Map.Entry<String, Source> entry : this.sources.entrySet()) {
			inboundSources.add(entry.getValue().toInboundSource(entry.getKey()));
		}
		return inboundSources;
	}

	public Deduplication getDeduplication() {
		return this.deduplication;
	}

	public boolean isSkipSpringSecurity() {
		return this.skipSpringSecurity;
	}

	public void setSkipSpringSecurity(boolean skipSpringSecurity) {
		this.skipSpringSecurity = skipSpringSecurity;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getTimestampTolerance() {
		return this.timestampTolerance;
	}

	public void setTimestampTolerance(Duration timestampTolerance) {
		this.timestampTolerance = timestampTolerance;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public static class Deduplication {

		/**
		 * Whether a message delivered twice runs its handler once, remembered per sender and webhook-id in the
		 * idempotency store.
		 */
		private boolean enabled = true;

		/**
		 * How long handled messages are remembered. Keep it longer than the senders' retry window (about 27 hours
		 * with the default retry settings).
		 */
		private Duration retention = Duration.ofDays(7);

		/**
		 * How long a message being handled blocks its redeliveries, should its handling never end (a crash).
		 */
		private Duration lockTimeout = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			this.lockTimeout = lockTimeout;
		}

	}

	public static class Source {

		/**
		 * Secret the sender signs with, 'whsec_' followed by base64 of the key, as the sender shows it.
		 */
		private String secret;

		/**
		 * Further secrets the sender may still sign with, such as one being rotated out.
		 */
		private List<String> previousSecrets = new ArrayList<>();

		/**
		 * Where the event type is in the JSON body: a top-level field name, or a JSON Pointer such as '/event/type'.
		 * Handlers are chosen by it: @WebhookHandler(source = "<name>", value = "<type>").
		 */
		private String typeField = InboundSource.DEFAULT_TYPE_FIELD;

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public List<String> getPreviousSecrets() {
			return this.previousSecrets;
		}

		public void setPreviousSecrets(List<String> previousSecrets) {
			this.previousSecrets = previousSecrets;
		}

		public String getTypeField() {
			return this.typeField;
		}

		public void setTypeField(String typeField) {
			this.typeField = typeField;
		}

		InboundSource toInboundSource(String name) {
			String prefix = "webhooks.receiver.sources." + name;
			if (this.secret == null || this.secret.isBlank()) {
				throw new InvalidWebhooksPropertyException(prefix + ".secret",
						"is required: the secret source '" + name + "' signs with, 'whsec_' followed by base64");
			}
			List<WebhookSecret> secrets = new ArrayList<>();
			secrets.add(secret(prefix + ".secret", this.secret));
			for (int i = 0; i < this.previousSecrets.size(); i++) {
				secrets.add(secret(prefix + ".previous-secrets[" + i + "]", this.previousSecrets.get(i)));
			}
			String field = (this.typeField != null) ? this.typeField : "";
			try {
				return new InboundSource(name, secrets, field);
			}
			catch (IllegalArgumentException ex) {
				// name and type field are checked by the constructor; the secrets were parsed above
				String property = ex.getMessage().startsWith("source name") ? prefix : prefix + ".type-field";
				throw new InvalidWebhooksPropertyException(property, ex.getMessage());
			}
		}

		private static WebhookSecret secret(String property, String value) {
			try {
				return WebhookSecret.parse(value);
			}
			catch (IllegalArgumentException ex) {
				// the parser's messages never echo the secret
				throw new InvalidWebhooksPropertyException(property, ex.getMessage());
			}
		}

	}

}
