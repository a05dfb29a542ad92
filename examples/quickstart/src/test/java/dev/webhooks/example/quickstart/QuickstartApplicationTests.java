package dev.webhooks.example.quickstart;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.webhooks.example.quickstart.shop.ShopApplication;
import dev.webhooks.example.quickstart.warehouse.WarehouseApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quick start as a user runs it, on free ports: a product created in the shop's API shows up in the
 * warehouse's stock, without its cost price.
 */
class QuickstartApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private ConfigurableApplicationContext warehouse;

	private ConfigurableApplicationContext shop;

	@AfterEach
	void stop() {
		if (this.shop != null) {
			this.shop.close();
		}
		if (this.warehouse != null) {
			this.warehouse.close();
		}
	}

	@Test
	void aProductCreatedInTheShopReachesTheWarehouse() throws Exception {
		this.warehouse = new SpringApplicationBuilder(WarehouseApplication.class).profiles("warehouse")
			.run("--server.port=0");
		int warehousePort = port(this.warehouse);
		this.shop = new SpringApplicationBuilder(ShopApplication.class).profiles("shop")
			.run("--server.port=0", "--shop.demo-traffic=false",
					"--webhooks.servers.warehouse.url=http://localhost:" + warehousePort + "/webhooks/receive");

		HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(shopUri("/products"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"sku\":\"LAMP-1\",\"name\":\"Desk lamp\",\"price\":39.90,\"costPrice\":12.00}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);

		URI stock = URI.create("http://localhost:" + warehousePort + "/stock");
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			String body = this.http.send(HttpRequest.newBuilder(stock).build(), HttpResponse.BodyHandlers.ofString())
				.body();
			assertThat(body).contains("\"sku\":\"LAMP-1\"").contains("\"name\":\"Desk lamp\"");
		});
	}

	private URI shopUri(String path) {
		return URI.create("http://localhost:" + port(this.shop) + path);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
