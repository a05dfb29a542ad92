package dev.webhooks.integration.sender;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.webhooks.capture.HttpReceiver;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;

@Entity
@HttpReceiver(value = "customers", exclude = "passwordHash")
public class Customer {

	@Id
	@GeneratedValue
	private Long id;

	private String name;

	private String passwordHash;

	@Enumerated(EnumType.STRING)
	private CustomerStatus status;

	private BigDecimal balance;

	private LocalDate birthday;

	private Instant registeredAt;

	@Embedded
	private Address address;

	@ManyToOne(fetch = FetchType.LAZY)
	private Company company;

	@OneToMany
	@JoinTable(name = "customer_former_companies")
	private List<Company> formerCompanies = new ArrayList<>();

	protected Customer() {
	}

	public Customer(String name, Company company) {
		this.name = name;
		this.company = company;
		this.passwordHash = "hash-of-" + name;
		this.status = CustomerStatus.PROSPECT;
		this.balance = new BigDecimal("12.30");
		this.birthday = LocalDate.of(1990, 5, 17);
		this.registeredAt = Instant.parse("2026-11-21T08:30:00.123456Z");
		this.address = new Address("1 Main St", "Springfield");
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

	public void setPasswordHash(String passwordHash) {
		this.passwordHash = passwordHash;
	}

	public void setStatus(CustomerStatus status) {
		this.status = status;
	}

}
