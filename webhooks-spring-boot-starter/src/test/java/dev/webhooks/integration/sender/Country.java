package dev.webhooks.integration.sender;

import dev.webhooks.capture.HttpReceiver;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A String id, and only the name is sent. */
@Entity
@HttpReceiver(value = "countries", include = "name")
public class Country {

	@Id
	private String code;

	private String name;

	private long population;

	protected Country() {
	}

	public Country(String code, String name, long population) {
		this.code = code;
		this.name = name;
		this.population = population;
	}

}
