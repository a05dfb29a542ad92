package dev.webhooks.integration.sender;

import java.util.UUID;

import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.HttpReceiver;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A UUID id, and only creations are sent. */
@Entity
@HttpReceiver(value = "tags", events = ChangeType.CREATED)
public class Tag {

	@Id
	private UUID id;

	private String label;

	protected Tag() {
	}

	public Tag(UUID id, String label) {
		this.id = id;
		this.label = label;
	}

	public void setLabel(String label) {
		this.label = label;
	}

}
