package dev.webhooks.integration.sender;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Embeddable;

@Embeddable
public class OrderLineId implements Serializable {

	private String orderNumber;

	private int lineNumber;

	protected OrderLineId() {
	}

	public OrderLineId(String orderNumber, int lineNumber) {
		this.orderNumber = orderNumber;
		this.lineNumber = lineNumber;
	}

	public String getOrderNumber() {
		return this.orderNumber;
	}

	public int getLineNumber() {
		return this.lineNumber;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof OrderLineId that && this.orderNumber.equals(that.orderNumber)
				&& this.lineNumber == that.lineNumber;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.orderNumber, this.lineNumber);
	}

}
