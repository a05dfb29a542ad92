package dev.webhooks.autoconfigure.operations;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When the application is started with {@code --webhooks.command=<operation>}, runs it as a one-shot command: no
 * web server, no dispatcher and no scheduled purge, so the command can run beside the serving instances.
 */
public class WebhooksCommandEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The property naming the operation to run; its arguments are {@code webhooks.command.<argument>}. */
	public static final String COMMAND_PROPERTY = "webhooks.command";

	private static final String SOURCE_NAME = "webhooksCommand";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String command = environment.getProperty(COMMAND_PROPERTY);
		if (command == null || command.isBlank()) {
			return;
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource(SOURCE_NAME,
					Map.of("spring.main.web-application-type", "none", "webhooks.dispatch.enabled", "false",
							"webhooks.operations.purge.enabled", "false")));
	}

	@Override
	public int getOrder() {
		// after the config data (application.properties, profiles) is loaded, so a command given there counts too
		return Ordered.LOWEST_PRECEDENCE;
	}

}
