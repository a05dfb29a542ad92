package dev.webhooks.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

import dev.webhooks.delivery.jdbc.JdbcDeliveryLeases;
import dev.webhooks.dispatch.DeliveryDispatcher;
import dev.webhooks.dispatch.DispatcherSettings;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.ExponentialBackoffRetryPolicy;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;
import dev.webhooks.kafka.DeliveryRecords;
import dev.webhooks.kafka.KafkaDeliveryLeases;
import dev.webhooks.signing.SigningKey;
import dev.webhooks.signing.WebhookSecret;
import dev.webhooks.signing.WebhookSigner;

/**
 * A Kafka-mode delivery worker in a JVM of its own, as a worker process of an application would run: a
 * {@link DeliveryDispatcher} over {@link KafkaDeliveryLeases} on the given topic and consumer group, writing outcomes
 * to the outbox through {@link JdbcDeliveryLeases}. Started by {@link DispatchModesBenchmark}, which talks to it on
 * standard input and output: it prints {@code ready} once its dispatcher runs, answers {@code counts} with the
 * database statements, round trips and commits of its outbox connections so far, and stops at {@code stop} or at the
 * end of its input. Arguments are {@code key=value}: {@code bootstrap}, {@code url}, {@code user}, {@code password},
 * {@code topic}, {@code group}, {@code name}, {@code secret}, {@code batch}, {@code concurrency}.
 */
public final class KafkaWorkerProcess {

	/** What the worker's answers start with, so that they stand apart from anything else on its output. */
	static final String ANSWER = "@worker ";

	private KafkaWorkerProcess() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> arguments = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			arguments.put(pair[0], pair[1]);
		}
		DispatchModesBenchmark.quietLogging();
		JsonMapper json = JsonMapper.builder().build();
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(arguments.get("url"));
		pool.setUsername(arguments.get("user"));
		pool.setPassword(arguments.get("password"));
		pool.setMaximumPoolSize(10);
		CountingDataSource counted = new CountingDataSource(pool);
		List<SigningKey> secrets = List.of(WebhookSecret.parse(arguments.get("secret")));
		OkHttpTransportSettings http = OkHttpTransportSettings.defaults()
			.withAllowPrivateAddresses(true)
			.withMaxIdleConnections(Integer.parseInt(arguments.get("concurrency")));
		KafkaDeliveryLeases leases = new KafkaDeliveryLeases(new JdbcDeliveryLeases(counted, json),
				new KafkaConsumer<>(consumerProperties(arguments.get("bootstrap"), arguments.get("group"))),
				new DeliveryRecords(json), arguments.get("topic"), DispatchModesBenchmark.WORKER_POLL_TIMEOUT);
		DispatcherSettings settings = DispatcherSettings.defaults("bench")
			.withLeaseOwner(arguments.get("name"))
			.withBatchSize(Integer.parseInt(arguments.get("batch")))
			.withMaxConcurrency(Integer.parseInt(arguments.get("concurrency")))
			.withLoggerName("bench.worker");
		try (OkHttpWebhookTransport transport = new OkHttpWebhookTransport(http);
				DeliveryDispatcher dispatcher = new DeliveryDispatcher(leases,
						(delivery) -> Optional.of(new Endpoint(delivery.url(), secrets, Map.of())), transport,
						new WebhookSigner(), new ExponentialBackoffRetryPolicy(), settings, Clock.systemUTC())) {
			leases.pollAgain(dispatcher::wakeUp);
			dispatcher.start();
			System.out.println(ANSWER + "ready");
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String command; (command = commands.readLine()) != null && !command.equals("stop");) {
				if (command.equals("counts")) {
					long[] counts = counted.counts();
					System.out.printf(Locale.ROOT, "%scounts %d %d %d%n", ANSWER, counts[0], counts[1], counts[2]);
				}
			}
		}
		finally {
			leases.close();
			pool.close();
		}
		System.exit(0);
	}

	/** The starter's consumer settings: offsets committed by the worker, the oldest record for a new group. */
	static Properties consumerProperties(String bootstrapServers, String group) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return properties;
	}

}
