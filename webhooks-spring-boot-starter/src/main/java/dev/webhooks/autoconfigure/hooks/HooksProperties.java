package dev.webhooks.autoconfigure.hooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.PropertyRules;
import dev.webhooks.hooks.HookService;
import dev.webhooks.hooks.HookValidator;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of runtime hooks, {@code webhooks.hooks.*}, checked once bound: a wrong value fails the start-up with an
 * {@link InvalidWebhooksPropertyException} naming the property.
 */
@ConfigurationProperties("webhooks.hooks")
public class HooksProperties implements InitializingBean {

	private static final String PREFIX = "webhooks.hooks.";

	/** Whether runtime hooks are available: stored hooks fire, and the Java and REST APIs manage them. */
	private boolean enabled = true;

	/**
	 * How often each instance checks whether hooks changed on any instance; the longest a change takes to apply
	 * everywhere (changes made on an instance apply there at once).
	 */
	private Duration refreshInterval = Duration.ofSeconds(2);

	/**
	 * Lists the custom event names (published with WebhookPublisher for an entity) that hooks may listen to, besides
	 * created, updated and deleted.
	 */
	private List<String> customEvents = new ArrayList<>();

	/**
	 * How long a hook's secret or signing key replaced by a rotation keeps signing beside the new one, so receivers
	 * that have not switched yet keep accepting. A rotation may ask for another window, zero to drop the old key at
	 * once.
	 */
	private Duration rotationOverlap = HookService.DEFAULT_ROTATION_OVERLAP;

	private final Api api = new Api();

	private final EventLog eventLog = new EventLog();

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every setting.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong
	 */
	public void validate() {
		PropertyRules.positive(PREFIX + "refresh-interval", this.refreshInterval);
		PropertyRules.notNegative(PREFIX + "rotation-overlap", this.rotationOverlap);
		customEventNames();
		String path = this.api.getPath();
		if (path == null || !path.startsWith("/") || path.endsWith("/")) {
			throw new InvalidWebhooksPropertyException(PREFIX + "api.path",
					"must start with '/' and not end with '/', but is '" + path + "'");
		}
		PropertyRules.notBlank(PREFIX + "api.role", this.api.getRole());
		PropertyRules.positive(PREFIX + "event-log.retention", this.eventLog.getRetention());
		if (this.eventLog.getReplayPageSize() < 1 || this.eventLog.getReplayPageSize() > 10_000) {
			throw new InvalidWebhooksPropertyException(PREFIX + "event-log.replay-page-size",
					"must be between 1 and 10000, but is " + this.eventLog.getReplayPageSize());
		}
		for (String entityType : this.eventLog.getEntityTypes()) {
			if (entityType == null || entityType.isBlank()) {
				throw new InvalidWebhooksPropertyException(PREFIX + "event-log.entity-types", "contains an empty name");
			}
		}
	}

	/**
	 * The custom event names, stripped.
	 * @throws InvalidWebhooksPropertyException when one is empty or an entity change event
	 */
	public Set<String> customEventNames() {
		Set<String> events = new LinkedHashSet<>();
		for (String event : this.customEvents) {
			if (event == null || event.isBlank()) {
				throw new InvalidWebhooksPropertyException(PREFIX + "custom-events", "contains an empty name");
			}
			if (HookValidator.CHANGE_EVENTS.contains(event.strip())) {
				throw new InvalidWebhooksPropertyException(PREFIX + "custom-events",
						"'" + event + "' is an entity change event already; list only custom event names");
			}
			events.add(event.strip());
		}
		return events;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public List<String> getCustomEvents() {
		return this.customEvents;
	}

	public void setCustomEvents(List<String> customEvents) {
		this.customEvents = customEvents;
	}

	public Duration getRotationOverlap() {
		return this.rotationOverlap;
	}

	public void setRotationOverlap(Duration rotationOverlap) {
		this.rotationOverlap = rotationOverlap;
	}

	public Api getApi() {
		return this.api;
	}

	public EventLog getEventLog() {
		return this.eventLog;
	}

	/** The event log that hooks created later can be replayed from. */
	public static class EventLog {

		/**
		 * Whether to keep every captured change and custom event of an entity in webhooks_event_log, written in the
		 * business transaction, so that a hook can be sent the past events it would have matched when it is created.
		 */
		private boolean enabled = false;

		/**
		 * How long logged events are kept: the furthest back a replay can reach. Older ones are deleted by the
		 * periodic purge (webhooks.operations.purge.*).
		 */
		private Duration retention = Duration.ofDays(7);

		/** Lists the JPA entity names whose events are logged; empty for every entity. */
		private List<String> entityTypes = new ArrayList<>();

		/** Sets how many logged events a replay reads, and deliveries it writes, in one transaction. */
		private int replayPageSize = 500;

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

		public List<String> getEntityTypes() {
			return this.entityTypes;
		}

		public void setEntityTypes(List<String> entityTypes) {
			this.entityTypes = entityTypes;
		}

		public int getReplayPageSize() {
			return this.replayPageSize;
		}

		public void setReplayPageSize(int replayPageSize) {
			this.replayPageSize = replayPageSize;
		}

	}

	/** The REST API. */
	public static class Api {

		/** Whether the REST API is served (in a servlet web application). */
		private boolean enabled = true;

		/** The base path of the REST API. */
		private String path = "/webhooks/api/hooks";

		/**
		 * The role a user needs to call the REST API when Spring Security is present; granted as 'ROLE_<role>' or
		 * as the plain authority.
		 */
		private String role = "WEBHOOKS_ADMIN";

		/**
		 * Whether to serve the REST API without any access check when Spring Security is not on the classpath.
		 * Unsafe outside local development: anyone reaching the application could send its data anywhere.
		 */
		private boolean allowWithoutSecurity = false;

		private final OpenApi openapi = new OpenApi();

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

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = role;
		}

		public boolean isAllowWithoutSecurity() {
			return this.allowWithoutSecurity;
		}

		public void setAllowWithoutSecurity(boolean allowWithoutSecurity) {
			this.allowWithoutSecurity = allowWithoutSecurity;
		}

		public OpenApi getOpenapi() {
			return this.openapi;
		}

	}

	/** The REST API's OpenAPI description, served by springdoc when the application uses it. */
	public static class OpenApi {

		/**
		 * Whether to describe the REST API as the springdoc group 'webhooks-hooks' (/v3/api-docs/webhooks-hooks) when
		 * springdoc-openapi is on the classpath.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
