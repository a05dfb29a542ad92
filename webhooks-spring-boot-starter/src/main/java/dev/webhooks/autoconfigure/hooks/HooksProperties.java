package dev.webhooks.autoconfigure.hooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of runtime hooks, {@code webhooks.hooks.*}.
 */
@ConfigurationProperties("webhooks.hooks")
public class HooksProperties {

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

	private final Api api = new Api();

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

	public Api getApi() {
		return this.api;
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

	}

}
