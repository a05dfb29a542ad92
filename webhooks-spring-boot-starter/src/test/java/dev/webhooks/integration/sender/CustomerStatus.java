package dev.webhooks.integration.sender;

public enum CustomerStatus {

	PROSPECT, ACTIVE

}
