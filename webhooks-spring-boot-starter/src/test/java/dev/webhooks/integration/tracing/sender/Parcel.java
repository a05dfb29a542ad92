package dev.webhooks.integration.tracing.sender;

import dev.webhooks.capture.ChangeType;
import dev.webhooks.capture.HttpReceiver;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

@Entity
@HttpReceiver(value = "parcels", events = ChangeType.CREATED)
public class Parcel {

	@Id
	@GeneratedValue
	private Long id;

	private String label;

	protected Parcel() {
	}

	public Parcel(String label) {
		this.label = label;
	}

	public Long getId() {
		return this.id;
	}

	public String getLabel() {
		return this.label;
	}

}
