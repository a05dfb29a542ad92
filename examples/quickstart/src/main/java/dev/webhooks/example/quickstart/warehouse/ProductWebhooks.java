package dev.webhooks.example.quickstart.warehouse;

import java.math.BigDecimal;

import dev.webhooks.message.WebhookMessage;
import dev.webhooks.receive.WebhookHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the stock list in step with the shop's products. The signature was checked before this runs.
 */
@Component
class ProductWebhooks {

	private static final Logger logger = LoggerFactory.getLogger("warehouse");

	private final StockItemRepository stock;

	ProductWebhooks(StockItemRepository stock) {
		this.stock = stock;
	}

	@WebhookHandler("products")
	@Transactional
	void onProduct(ProductData product, WebhookMessage message) {
		logger.info("warehouse: received {} for product {} from '{}' (message {})", message.type(), product.id(),
				message.source(), message.id());
		if (message.event().equals("deleted")) {
			this.stock.deleteById(product.id());
			return;
		}
		StockItem item = this.stock.findById(product.id()).orElseGet(() -> new StockItem(product.id()));
		item.update(product.sku(), product.name(), product.price());
		this.stock.save(item);
	}

	/** The fields the shop sends; its cost price is excluded on the shop's side. */
	record ProductData(Long id, String sku, String name, BigDecimal price) {
	}

}
