package dev.webhooks.publish;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.webhooks.delivery.Delivery;
import dev.webhooks.delivery.Target;
import dev.webhooks.dispatch.Endpoint;
import dev.webhooks.dispatch.EndpointResolver;
import dev.webhooks.signing.Ed25519PublicKey;
import dev.webhooks.signing.Ed25519SigningKey;
import dev.webhooks.signing.SigningKey;
import dev.webhooks.signing.VerificationKey;
import dev.webhooks.signing.WebhookSecret;
import org.jspecify.annotations.Nullable;

/**
 * The servers this application exchanges webhooks with ({@code webhooks.servers.*}), keyed by their app id. A server
 * with a URL receives messages; every server's secrets verify messages it sends here. The link's secret is shared by
 * both ends: this app's {@code servers.<peer>.secret} equals the peer's {@code servers.<this-app>.secret}.
 */
public final class PeerServers implements EndpointResolver {

	private final String appId;

	private final Map<String, Peer> peers;

	public PeerServers(String appId, Collection<Peer> peers) {
		this.appId = appId;
		Map<String, Peer> byId = new LinkedHashMap<>();
		peers.forEach((peer) -> byId.put(peer.id(), peer));
		// configuration order, so deliveries are created in the same order on every run (Map.copyOf has none)
		this.peers = Collections.unmodifiableMap(byId);
	}

	/** This application's id, sent as {@code webhook-source}. */
	public String appId() {
		return this.appId;
	}

	public Optional<Peer> find(String id) {
		return Optional.ofNullable(this.peers.get(id));
	}

	/**
	 * The servers a message goes to: the named ones, or by default every server with a URL except this application,
	 * less {@code excluded} (the server whose message is being handled, so changes are not echoed back to it).
	 * @throws IllegalArgumentException when a named server is not configured or has no URL
	 */
	public List<Peer> targets(Collection<String> named, @Nullable String excluded) {
		List<Peer> targets = new ArrayList<>();
		if (named.isEmpty()) {
			for (Peer peer : this.peers.values()) {
				if (peer.url() != null && !peer.id().equals(this.appId)) {
					targets.add(peer);
				}
			}
		}
		else {
			for (String id : named) {
				Peer peer = this.peers.get(id);
				if (peer == null || peer.url() == null) {
					throw new IllegalArgumentException("server '" + id + "' is not configured"
							+ ((peer == null) ? "" : " with a url") + " under webhooks.servers." + id);
				}
				targets.add(peer);
			}
		}
		if (excluded != null) {
			targets.removeIf((peer) -> peer.id().equals(excluded));
		}
		return targets;
	}

	/** Resolves a delivery's target server to its current URL and secrets. */
	@Override
	public Optional<Endpoint> resolve(Delivery delivery) {
		Target target = delivery.target();
		Peer peer = target.isHook() ? null : this.peers.get(target.id());
		if (peer == null) {
			return Optional.empty();
		}
		String url = (peer.url() != null) ? peer.url() : delivery.url();
		return Optional.of(new Endpoint(url, peer.signingKeys(), Map.of()));
	}

	/**
	 * A peer server.
	 *
	 * @param id its app id
	 * @param url where it receives webhooks, or {@code null} when it only sends to this application
	 * @param secrets the link's secrets, current first; all of them sign ({@code v1}), any of them verifies
	 * @param signingKey this application's ed25519 key for messages to the server ({@code v1a}), or {@code null}
	 * @param publicKeys the server's ed25519 public keys, current first; any of them verifies its {@code v1a}
	 * signatures
	 */
	public record Peer(String id, @Nullable String url, List<WebhookSecret> secrets,
			@Nullable Ed25519SigningKey signingKey, List<Ed25519PublicKey> publicKeys) {

		public Peer {
			secrets = List.copyOf(secrets);
			publicKeys = List.copyOf(publicKeys);
		}

		/** A peer linked by secrets only. */
		public Peer(String id, @Nullable String url, List<WebhookSecret> secrets) {
			this(id, url, secrets, null, List.of());
		}

		/** What signs messages to the server: every secret ({@code v1}) and the signing key ({@code v1a}). */
		public List<SigningKey> signingKeys() {
			List<SigningKey> keys = new ArrayList<>(this.secrets);
			if (this.signingKey != null) {
				keys.add(this.signingKey);
			}
			return keys;
		}

		/** What verifies messages from the server: every secret ({@code v1}) and public key ({@code v1a}). */
		public List<VerificationKey> verificationKeys() {
			List<VerificationKey> keys = new ArrayList<>(this.secrets);
			keys.addAll(this.publicKeys);
			return keys;
		}

	}

}
