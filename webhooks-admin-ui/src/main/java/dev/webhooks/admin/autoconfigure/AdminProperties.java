package dev.webhooks.admin.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the admin pages, {@code webhooks.admin.*}.
 */
@ConfigurationProperties("webhooks.admin")
public class AdminProperties {

	/** Whether the admin pages are served when the module is on the classpath. */
	private boolean enabled = true;

	/** Sets the path the pages and their JSON API (under /api) are served at. */
	private String path = "/webhooks-admin";

	/** Sets the role a user needs for the pages with Spring Security, as ROLE_<role> or the plain authority. */
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
