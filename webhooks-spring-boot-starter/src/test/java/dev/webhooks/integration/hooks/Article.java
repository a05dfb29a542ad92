package dev.webhooks.integration.hooks;

import java.math.BigDecimal;

import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An entity without {@code @HttpReceiver}: only runtime hooks send its changes. */
@Entity
public class Article {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	private BigDecimal price;

	@Embedded
	private Origin origin;

	protected Article() {
	}

	public Article(String name, BigDecimal price, String country, String city) {
		this.name = name;
		this.price = price;
		this.origin = new Origin(country, city);
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public Origin getOrigin() {
		return this.origin;
	}

	@Embeddable
	public static class Origin {

		private String country;

		private String city;

		protected Origin() {
		}

		Origin(String country, String city) {
			this.country = country;
			this.city = city;
		}

		public String getCountry() {
			return this.country;
		}

		public String getCity() {
			return this.city;
		}

	}

}
