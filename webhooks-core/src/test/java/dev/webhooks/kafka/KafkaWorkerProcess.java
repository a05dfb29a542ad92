package dev.webhooks.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A delivery worker in a process of its own, as on a worker node: it sends what the relay publishes until its
 * standard input closes (a clean stop) or it is killed.
 */
public final class KafkaWorkerProcess {

	private static final String READY = "worker ready";

	private final Process process;

	private final CountDownLatch ready = new CountDownLatch(1);

	private KafkaWorkerProcess(Process process) {
		this.process = process;
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.contains(READY)) {
						this.ready.countDown();
					}
					else if (line.contains("ERROR") || line.contains("Exception")) {
						System.err.println("[worker " + process.pid() + "] " + line);
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}, "worker-output-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	/** Starts a worker in a new JVM on this test's class path and waits until it runs. */
	static KafkaWorkerProcess start(String bootstrapServers, String jdbcUrl, String username, String password,
			String name) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				KafkaWorkerProcess.class.getName(), bootstrapServers, jdbcUrl, username, password, name));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		KafkaWorkerProcess worker = new KafkaWorkerProcess(process);
		if (!worker.ready.await(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("worker " + name + " did not start");
		}
		return worker;
	}

	/** Kills the process at once, as a crash or {@code kill -9} would: nothing is committed or given back. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** Stops the worker cleanly: it finishes its sends, writes their outcomes and commits their offsets. */
	void stop() throws Exception {
		this.process.getOutputStream().close();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	public static void main(String[] args) throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(args[1]);
		config.setUsername(args[2]);
		config.setPassword(args[3]);
		config.setMaximumPoolSize(4);
		try (HikariDataSource dataSource = new HikariDataSource(config);
				KafkaTestWorker worker = new KafkaTestWorker(dataSource, args[0], args[4], KafkaTestWorker.RETRY_SOON,
						32, Duration.ofSeconds(20))) {
			worker.start();
			System.out.println(READY);
			// runs until the parent closes standard input, or kills this process
			while (System.in.read() >= 0) {
				// nothing to read
			}
		}
	}

}
