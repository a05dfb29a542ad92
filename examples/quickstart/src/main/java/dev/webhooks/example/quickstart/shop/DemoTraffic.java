package dev.webhooks.example.quickstart.shop;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes the example visibly work: every few seconds the shop creates, reprices or removes a product.
 */
@Component
@ConditionalOnBooleanProperty(name = "shop.demo-traffic", matchIfMissing = true)
class DemoTraffic {

	private static final Logger logger = LoggerFactory.getLogger("shop");

	private static final List<String> NAMES = List.of("Desk lamp", "Notebook", "Coffee mug", "Headphones",
			"Backpack");

	private final ProductRepository products;

	private final AtomicInteger step = new AtomicInteger();

	DemoTraffic(ProductRepository products) {
		this.products = products;
	}

	@Scheduled(initialDelay = 2000, fixedDelay = 4000)
	@Transactional
	void next() {
		int step = this.step.incrementAndGet();
		List<Product> existing = this.products.findAll();
		if (step % 4 == 0 && !existing.isEmpty()) {
			Product removed = existing.get(0);
			this.products.delete(removed);
			logger.info("shop: deleted product {} ({})", removed.getId(), removed.getSku());
		}
		else if (step % 2 == 0 && !existing.isEmpty()) {
			Product product = existing.get(existing.size() - 1);
			product.reprice(product.getPrice().add(BigDecimal.ONE));
			logger.info("shop: repriced product {} to {}", product.getId(), product.getPrice());
		}
		else {
			String name = NAMES.get(step % NAMES.size());
			Product product = this.products.save(new Product("SKU-" + step, name, new BigDecimal("19.90"),
					new BigDecimal("7.50")));
			logger.info("shop: created product {} ({})", product.getId(), product.getName());
		}
	}

}
