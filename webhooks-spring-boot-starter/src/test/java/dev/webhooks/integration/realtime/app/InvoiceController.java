package dev.webhooks.integration.realtime.app;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class InvoiceController {

	private final InvoiceRepository invoices;

	private final TransactionTemplate transactions;

	InvoiceController(InvoiceRepository invoices, PlatformTransactionManager transactionManager) {
		this.invoices = invoices;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@PostMapping("/invoices")
	Map<String, Object> create(@RequestBody Map<String, Object> body,
			@RequestParam(name = "rollback", defaultValue = "false") boolean rollback) {
		Invoice invoice = this.transactions.execute((status) -> {
			Invoice saved = this.invoices.saveAndFlush(new Invoice(((Number) body.get("tenantId")).longValue(),
					(String) body.get("number"), ((Number) body.get("amount")).intValue()));
			if (rollback) {
				status.setRollbackOnly();
			}
			return saved;
		});
		return Map.of("id", invoice.getId());
	}

	@PutMapping("/invoices/{id}")
	ResponseEntity<Void> update(@PathVariable long id, @RequestBody Map<String, Object> body) {
		this.transactions.executeWithoutResult((status) -> {
			Invoice invoice = this.invoices.findById(id).orElseThrow();
			if (body.containsKey("amount")) {
				invoice.setAmount(((Number) body.get("amount")).intValue());
			}
			if (body.containsKey("internalNote")) {
				invoice.setInternalNote((String) body.get("internalNote"));
			}
		});
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/invoices/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		this.transactions.executeWithoutResult((status) -> this.invoices.deleteById(id));
		return ResponseEntity.noContent().build();
	}

}
