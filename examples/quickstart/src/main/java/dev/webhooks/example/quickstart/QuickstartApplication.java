package dev.webhooks.example.quickstart;

import dev.webhooks.example.quickstart.shop.ShopApplication;
import dev.webhooks.example.quickstart.warehouse.WarehouseApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts two applications in one JVM, each on its own embedded H2 database: the shop (port 8080) sends product
 * changes as signed webhooks, the warehouse (port 8081) receives them and keeps its stock list in step.
 * <p>
 * Watch the log, or try {@code curl -X POST localhost:8080/products -H 'content-type: application/json'
 * -d '{"sku":"LAMP-1","name":"Desk lamp","price":39.90}'} and then {@code curl localhost:8081/stock}.
 */
public final class QuickstartApplication {

	private QuickstartApplication() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(WarehouseApplication.class).profiles("warehouse").run(args);
		new SpringApplicationBuilder(ShopApplication.class).profiles("shop").run(args);
	}

}
