package dev.webhooks.example.quickstart.warehouse;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/**
 * The warehouse's copy of a shop product.
 */
@Entity
public class StockItem {

	@Id
	private Long productId;

	private String sku;

	private String name;

	private BigDecimal price;

	private int quantity;

	protected StockItem() {
	}

	StockItem(Long productId) {
		this.productId = productId;
	}

	public Long getProductId() {
		return this.productId;
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

	public int getQuantity() {
		return this.quantity;
	}

	void update(String sku, String name, BigDecimal price) {
		this.sku = sku;
		this.name = name;
		this.price = price;
	}

}
