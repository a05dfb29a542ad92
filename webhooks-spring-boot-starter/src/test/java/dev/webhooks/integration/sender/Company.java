package dev.webhooks.integration.sender;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** Not annotated: its changes are never sent. */
@Entity
public class Company {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	protected Company() {
	}

	public Company(String name) {
		this.name = name;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

}
