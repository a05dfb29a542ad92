package dev.webhooks.peers.modulith;

import okhttp3.OkHttpClient;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.scheduling.annotation.EnableAsync;

import dev.webhooks.benchmarks.PlainOrder;
import dev.webhooks.benchmarks.PlainOrderRepository;
import dev.webhooks.dispatch.okhttp.OkHttpTransportSettings;
import dev.webhooks.dispatch.okhttp.OkHttpWebhookTransport;

/**
 * An application that sends each saved order to a receiver through Spring Modulith: the order is saved and an
 * {@link OrderPlaced} event published in one transaction; the registry stores the publication in that transaction
 * and the asynchronous listener posts it after the commit, marking it complete when the receiver answers 2xx.
 */
@SpringBootApplication
@EnableAsync
@EntityScan(basePackageClasses = PlainOrder.class)
@EnableJpaRepositories(basePackageClasses = PlainOrderRepository.class)
public class ModulithPeerApplication {

	/** The client the library's dispatcher uses, with the same settings (the receiver is on the loopback). */
	@Bean(destroyMethod = "close")
	OkHttpWebhookTransport peerTransport() {
		return new OkHttpWebhookTransport(OkHttpTransportSettings.defaults().withAllowPrivateAddresses(true).withMaxIdleConnections(64));
	}

	@Bean
	OkHttpClient peerClient(OkHttpWebhookTransport peerTransport) {
		return peerTransport.client();
	}

}
