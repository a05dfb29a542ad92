package dev.webhooks.integration.realtime.app;

import dev.webhooks.realtime.RealtimeChannels;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

@Entity
@RealtimeChannels(value = { "invoices", "private-tenant-{tenantId}" }, exclude = "internalNote")
public class Invoice {

	@Id
	@GeneratedValue
	private Long id;

	private long tenantId;

	private String number;

	private int amount;

	private String internalNote = "secret";

	protected Invoice() {
	}

	public Invoice(long tenantId, String number, int amount) {
		this.tenantId = tenantId;
		this.number = number;
		this.amount = amount;
	}

	public Long getId() {
		return this.id;
	}

	public long getTenantId() {
		return this.tenantId;
	}

	public String getNumber() {
		return this.number;
	}

	public int getAmount() {
		return this.amount;
	}

	public void setAmount(int amount) {
		this.amount = amount;
	}

	public String getInternalNote() {
		return this.internalNote;
	}

	public void setInternalNote(String internalNote) {
		this.internalNote = internalNote;
	}

}
