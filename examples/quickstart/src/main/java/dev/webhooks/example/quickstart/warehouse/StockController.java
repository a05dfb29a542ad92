package dev.webhooks.example.quickstart.warehouse;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class StockController {

	private final StockItemRepository stock;

	StockController(StockItemRepository stock) {
		this.stock = stock;
	}

	@GetMapping("/stock")
	List<StockItem> stock() {
		return this.stock.findAll();
	}

}
