package dev.webhooks.integration.sender;

import jakarta.persistence.Embeddable;

@Embeddable
public class Address {

	private String street;

	private String city;

	protected Address() {
	}

	public Address(String street, String city) {
		this.street = street;
		this.city = city;
	}

	public String getStreet() {
		return this.street;
	}

	public String getCity() {
		return this.city;
	}

}
