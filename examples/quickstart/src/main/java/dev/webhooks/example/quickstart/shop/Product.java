package dev.webhooks.example.quickstart.shop;

import java.math.BigDecimal;
import java.time.Instant;

import dev.webhooks.capture.HttpReceiver;
import dev.webhooks.realtime.RealtimeChannels;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A product of the shop. Changes go to the warehouse's {@code @WebhookHandler("products")} and, as
 * {@code product.created|updated|deleted} events, to browsers listening on the {@code products} channel
 * ({@code /products.html}); the supplier's cost price stays in the shop.
 */
@Entity
@HttpReceiver(value = "products", exclude = "costPrice")
@RealtimeChannels(value = "products", exclude = "costPrice")
public class Product {

	@Id
	@GeneratedValue
	private Long id;

	private String sku;

	private String name;

	private BigDecimal price;

	private BigDecimal costPrice;

	private Instant updatedAt;

	protected Product() {
	}

	public Product(String sku, String name, BigDecimal price, BigDecimal costPrice) {
		this.sku = sku;
		this.name = name;
		this.price = price;
		this.costPrice = costPrice;
		this.updatedAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public String getSku() {
		return this.sku;
	}

	public String getName() {
		return this.name;
	}

	public BigDecimal getPrice() {
		return this.price;
	}

	public BigDecimal getCostPrice() {
		return this.costPrice;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public void rename(String name) {
		this.name = name;
		this.updatedAt = Instant.now();
	}

	public void reprice(BigDecimal price) {
		this.price = price;
		this.updatedAt = Instant.now();
	}

}
