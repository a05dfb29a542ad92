package dev.webhooks.admin.autoconfigure;

import dev.webhooks.autoconfigure.InvalidWebhooksPropertyException;
import dev.webhooks.autoconfigure.PropertyRules;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the admin pages, {@code webhooks.admin.*}, checked once bound: a wrong value fails the start-up with an
 * {@link InvalidWebhooksPropertyException} naming the property.
 */
@ConfigurationProperties("webhooks.admin")
public class AdminProperties implements InitializingBean {

	private static final String PREFIX = "webhooks.admin.";

	/** The most deliveries a page of the list may show. */
	static final int MAX_PAGE_SIZE = 500;

	/** The most hours the dashboard's chart may cover. */
	static final int MAX_CHART_HOURS = 48;

	/** Whether the admin pages are served when the module is on the classpath. */
	private boolean enabled = true;

	/** Sets the path the pages and their JSON API (under /api) are served at. */
	private String path = "/webhooks-admin";

	/**
	 * Sets the role a user needs for the pages with Spring Security, as ROLE_<role> or the plain authority. Read by
	 * the access policy shared with the hooks REST API (webhooks.hooks.api.role).
	 */
	private String role = "WEBHOOKS_ADMIN";

	/**
	 * Whether to serve the pages with no access check when Spring Security is absent. Anyone reaching the
	 * application could then resend, cancel and replay deliveries: for local development only.
	 */
	private boolean allowWithoutSecurity = false;

	/** Sets how many deliveries a page of the list shows. */
	private int pageSize = 50;

	/** Sets how many hours the dashboard's deliveries-per-minute chart covers. */
	private int chartHours = 3;

	@Override
	public void afterPropertiesSet() {
		validate();
	}

	/**
	 * Checks every setting.
	 * @throws InvalidWebhooksPropertyException naming the first property that is wrong
	 */
	public void validate() {
		if (this.path == null || !this.path.startsWith("/") || this.path.endsWith("/")) {
			throw new InvalidWebhooksPropertyException(PREFIX + "path",
					"must start with '/' and not end with '/', but is '" + this.path + "'");
		}
		// the access policy reads the role itself (it is shared with the hooks REST API); checked here too so that
		// the admin settings are all checked in one place
		PropertyRules.notBlank(PREFIX + "role", this.role);
		between(PREFIX + "page-size", this.pageSize, 1, MAX_PAGE_SIZE);
		between(PREFIX + "chart-hours", this.chartHours, 1, MAX_CHART_HOURS);
	}

	private static void between(String property, int value, int minimum, int maximum) {
		if (value < minimum || value > maximum) {
			throw new InvalidWebhooksPropertyException(property,
					"must be between " + minimum + " and " + maximum + ", but is " + value);
		}
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

	public int getPageSize() {
		return this.pageSize;
	}

	public void setPageSize(int pageSize) {
		this.pageSize = pageSize;
	}

	public int getChartHours() {
		return this.chartHours;
	}

	public void setChartHours(int chartHours) {
		this.chartHours = chartHours;
	}

}
