package dev.webhooks.autoconfigure.operations;

import java.io.PrintStream;
import java.time.Clock;

import dev.webhooks.operations.InvalidOperationException;
import dev.webhooks.operations.OperationArguments;
import dev.webhooks.operations.OperationReport;
import dev.webhooks.operations.WebhookOperation;
import dev.webhooks.operations.WebhookOperations;
import dev.webhooks.signing.SigningKeyPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Runs the operation named by {@code webhooks.command} once the application has started, prints its report and ends
 * the application with an exit status: 0 done, 1 the monitored limit was reached, 2 invalid arguments, 3 the
 * operation failed (e.g. the database cannot be reached). Besides the {@link WebhookOperation}s,
 * {@value #GENERATE_SIGNING_KEY} prints a new ed25519 key pair for {@code v1a} signatures and touches nothing.
 */
final class WebhooksCommandRunner implements ApplicationRunner, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(WebhooksCommandRunner.class);

	static final int DONE = 0;

	static final int LIMIT_REACHED = 1;

	static final int INVALID_ARGUMENTS = 2;

	static final int FAILED = 3;

	/** The command that prints a new ed25519 key pair. */
	static final String GENERATE_SIGNING_KEY = "generate-signing-key";

	private final WebhookOperations operations;

	private final Environment environment;

	private final Clock clock;

	private final WebhooksCommandExit exit;

	private final PrintStream out;

	WebhooksCommandRunner(WebhookOperations operations, Environment environment, Clock clock,
			WebhooksCommandExit exit, PrintStream out) {
		this.operations = operations;
		this.environment = environment;
		this.clock = clock;
		this.exit = exit;
		this.out = out;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.exit.exit(runCommand());
	}

	int runCommand() {
		String command = this.environment.getProperty(WebhooksCommandEnvironmentPostProcessor.COMMAND_PROPERTY, "");
		if (GENERATE_SIGNING_KEY.equals(command.strip())) {
			return generateSigningKey();
		}
		try {
			WebhookOperation operation = WebhookOperation.of(command);
			OperationArguments arguments = OperationArguments.parse(
					(name) -> this.environment.getProperty(
							WebhooksCommandEnvironmentPostProcessor.COMMAND_PROPERTY + "." + name),
					this.clock.instant());
			OperationReport report = this.operations.execute(operation, arguments);
			this.out.println(report.summary());
			return report.limitReached() ? LIMIT_REACHED : DONE;
		}
		catch (InvalidOperationException ex) {
			this.out.println("webhooks " + command + ": " + ex.getMessage());
			return INVALID_ARGUMENTS;
		}
		catch (RuntimeException ex) {
			logger.error("webhooks {} failed", command, ex);
			this.out.println("webhooks " + command + " failed: " + ex.getMessage());
			return FAILED;
		}
	}

	// printed once, for the operator to copy: the secret key to this application's configuration, the public key to
	// the receivers'
	private int generateSigningKey() {
		SigningKeyPair pair = SigningKeyPair.generate();
		this.out.println("secret key (webhooks.servers.<receiver>.signing-key here; keep it secret): "
				+ pair.secretKey());
		this.out.println("public key (webhooks.servers.<this app>.public-key on the receivers): " + pair.publicKey());
		return DONE;
	}

	@Override
	public int getOrder() {
		// after the application's own runners, which may prepare what the operation needs
		return Ordered.LOWEST_PRECEDENCE;
	}

}
