package dev.webhooks.benchmarks;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** The columns of an order as a typical application has them, shared by the captured and the plain entity. */
@MappedSuperclass
public abstract class OrderColumns {

	@Id
	@GeneratedValue
	private Long id;

	@Column(nullable = false, length = 40)
	private String number;

	@Column(nullable = false, length = 120)
	private String customerEmail;

	@Column(nullable = false, length = 20)
	private String status;

	@Column(nullable = false, precision = 12, scale = 2)
	private BigDecimal total;

	@Column(nullable = false, length = 3)
	private String currency;

	private int itemCount;

	@Column(nullable = false)
	private Instant placedAt;

	@Column(length = 500)
	private String note;

	protected OrderColumns() {
	}

	protected OrderColumns(int sequence) {
		this.number = "SO-" + sequence;
		this.customerEmail = "customer" + (sequence % 1000) + "@example.com";
		this.status = "PLACED";
		this.total = BigDecimal.valueOf(1999 + sequence % 5000, 2);
		this.currency = "EUR";
		this.itemCount = 1 + sequence % 7;
		this.placedAt = Instant.now();
		this.note = "Leave the parcel at the front desk";
	}

	public Long getId() {
		return this.id;
	}

	public String getNumber() {
		return this.number;
	}

	public String getCustomerEmail() {
		return this.customerEmail;
	}

	public String getStatus() {
		return this.status;
	}

	public BigDecimal getTotal() {
		return this.total;
	}

	public String getCurrency() {
		return this.currency;
	}

	public int getItemCount() {
		return this.itemCount;
	}

	public Instant getPlacedAt() {
		return this.placedAt;
	}

	public String getNote() {
		return this.note;
	}

}
