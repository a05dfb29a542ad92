package dev.webhooks.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real KRaft broker in this JVM, reached through a fixed bootstrap address, so that clients made before it starts,
 * or before it is replaced, find it: the address forwards to whichever broker runs now, and refuses connections while
 * none does. After bootstrapping, clients talk to the broker's own address from its metadata, and bootstrap again
 * when it is gone.
 */
final class KafkaTestBroker implements AutoCloseable {

	static final int PARTITIONS = 6;

	private final ServerSocket bootstrap;

	private final List<Socket> forwarded = new CopyOnWriteArrayList<>();

	private volatile EmbeddedKafkaKraftBroker broker;

	private volatile int brokerPort = -1;

	KafkaTestBroker() {
		try {
			this.bootstrap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Thread acceptor = new Thread(this::accept, "kafka-bootstrap-forwarder");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.bootstrap.getLocalPort();
	}

	KafkaTestBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, RelaySettings.DEFAULT_TOPIC);
		broker.afterPropertiesSet();
		String address = broker.getBrokersAsString().split(",")[0];
		this.brokerPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		this.broker = broker;
		return this;
	}

	/** Stops the broker and loses its log: what was published and not yet consumed is gone. */
	void stop() {
		EmbeddedKafkaKraftBroker broker = this.broker;
		this.broker = null;
		this.brokerPort = -1;
		for (Socket socket : this.forwarded) {
			closeQuietly(socket);
		}
		this.forwarded.clear();
		if (broker != null) {
			broker.destroy();
		}
	}

	@Override
	public void close() {
		stop();
		closeQuietly(this.bootstrap);
	}

	private void accept() {
		while (!this.bootstrap.isClosed()) {
			Socket client;
			try {
				client = this.bootstrap.accept();
			}
			catch (IOException ex) {
				return;
			}
			int port = this.brokerPort;
			if (port < 0) {
				closeQuietly(client);
				continue;
			}
			try {
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port);
				this.forwarded.add(client);
				this.forwarded.add(upstream);
				pipe(client, upstream);
				pipe(upstream, client);
			}
			catch (IOException ex) {
				closeQuietly(client);
			}
		}
	}

	private static void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// either side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "kafka-bootstrap-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do
		}
	}

}
