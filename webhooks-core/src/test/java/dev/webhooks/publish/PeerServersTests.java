package dev.webhooks.publish;

import java.util.List;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.DeliveryStatus;
import dev.webhooks.delivery.Target;
import dev.webhooks.publish.PeerServers.Peer;
import dev.webhooks.signing.WebhookSecret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerServersTests {

	private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private final PeerServers peers = new PeerServers("shop",
			List.of(new Peer("shop", "http://shop.example/hooks", List.of(SECRET)),
					new Peer("warehouse", "http://warehouse.example/hooks", List.of(SECRET)),
					new Peer("billing", "http://billing.example/hooks", List.of(SECRET)),
					new Peer("partner", null, List.of(SECRET))));

	@Test
	void sendsByDefaultToEveryServerWithAUrlExceptThisApplication() {
		assertThat(this.peers.targets(List.of(), null)).extracting(Peer::id).containsExactly("warehouse", "billing");
	}

	@Test
	void sendsOnlyToNamedServersWhenTheyAreGiven() {
		assertThat(this.peers.targets(List.of("billing"), null)).extracting(Peer::id).containsExactly("billing");
	}

	@Test
	void neverSendsBackToTheServerWhoseMessageIsBeingHandled() {
		assertThat(this.peers.targets(List.of(), "warehouse")).extracting(Peer::id).containsExactly("billing");
		assertThat(this.peers.targets(List.of("warehouse"), "warehouse")).isEmpty();
	}

	@Test
	void refusesUnknownServersAndServersWithoutUrl() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.peers.targets(List.of("erp"), null))
			.withMessage("server 'erp' is not configured under webhooks.servers.erp");
		assertThatIllegalArgumentException().isThrownBy(() -> this.peers.targets(List.of("partner"), null))
			.withMessage("server 'partner' is not configured with a url under webhooks.servers.partner");
	}

	@Test
	void resolvesADeliveryToItsServersCurrentUrlAndSecrets() {
		Delivery delivery = new Delivery("msg_1", Target.server("billing"), "http://old.example/hooks", "POST", java.util.Map.of(),
				"x.created", null, null, "{}", DeliveryStatus.IN_FLIGHT, 1, java.time.Instant.EPOCH, "me", null, null,
				null, java.time.Instant.EPOCH, java.time.Instant.EPOCH, null);
		assertThat(this.peers.resolve(delivery)).hasValueSatisfying((endpoint) -> {
			assertThat(endpoint.url()).isEqualTo("http://billing.example/hooks");
			assertThat(endpoint.secrets()).containsExactly(SECRET);
		});
		Delivery orphan = new Delivery("msg_2", Target.server("gone"), "http://old.example/hooks", "POST", java.util.Map.of(),
				"x.created", null, null, "{}", DeliveryStatus.IN_FLIGHT, 1, java.time.Instant.EPOCH, "me", null, null,
				null, java.time.Instant.EPOCH, java.time.Instant.EPOCH, null);
		assertThat(this.peers.resolve(orphan)).isEmpty();
	}

	@Test
	void doesNotResolveAHooksDeliveryEvenWhenAServerHasTheHooksId() {
		Delivery toHook = new Delivery("msg_3", Target.hook("billing"), "http://hook.example/in", "POST",
				java.util.Map.of(), "x.created", null, null, "{}", DeliveryStatus.IN_FLIGHT, 1, java.time.Instant.EPOCH,
				"me", null, null, null, java.time.Instant.EPOCH, java.time.Instant.EPOCH, null);
		assertThat(this.peers.resolve(toHook)).isEmpty();
	}

}
