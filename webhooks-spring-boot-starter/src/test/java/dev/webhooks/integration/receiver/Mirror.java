package dev.webhooks.integration.receiver;

import dev.webhooks.capture.HttpReceiver;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** The receiver's copy of a customer; its changes go to every peer except the one whose message caused them. */
@Entity
@HttpReceiver("mirrors")
public class Mirror {

	@Id
	private Long id;

	private String name;

	protected Mirror() {
	}

	public Mirror(Long id, String name) {
		this.id = id;
		this.name = name;
	}

}
