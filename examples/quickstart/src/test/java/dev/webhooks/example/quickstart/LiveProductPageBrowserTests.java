package dev.webhooks.example.quickstart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.webhooks.example.quickstart.shop.ShopApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's live product page in headless Chromium: products created, changed and removed through the API appear,
 * change and disappear on the open page without a reload. Uses the machine's chromium and chromedriver; skipped
 * when they are missing, unless {@code -Dwebhooks.test.require-services=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveProductPageBrowserTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final HttpClient http = HttpClient.newHttpClient();

	private ConfigurableApplicationContext shop;

	private HeadlessChromium chromium;

	private WebDriver browser;

	@BeforeAll
	void start() throws IOException {
		HeadlessChromium.assumeInstalled();
		this.shop = new SpringApplicationBuilder(ShopApplication.class).profiles("shop")
			// a database of its own: the other example tests start a shop in this JVM too. Command line arguments,
			// since default properties would lose to the profile's application-shop.yml
			.run("--server.port=0", "--shop.demo-traffic=false", "--webhooks.dispatch.enabled=false",
					"--spring.datasource.url=jdbc:h2:mem:live-page-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.chromium = HeadlessChromium.start();
		this.browser = this.chromium.driver();
	}

	@AfterAll
	void stop() throws IOException {
		if (this.chromium != null) {
			this.chromium.close();
		}
		if (this.shop != null) {
			this.shop.close();
		}
	}

	@Test
	void theOpenPageFollowsProductsAsTheyAreCreatedChangedAndRemoved() throws Exception {
		String existing = send("POST", "/products", "{\"sku\":\"MUG-1\",\"name\":\"Coffee mug\",\"price\":9.50}");
		long existingId = idOf(existing);
		this.browser.get(shopUrl("/products.html"));
		WebDriverWait wait = new WebDriverWait(this.browser, WAIT);
		wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "live"));
		wait.until(ExpectedConditions.textToBe(By.cssSelector("#product-" + existingId + " td:nth-child(2)"),
				"Coffee mug"));

		long lamp = idOf(send("POST", "/products",
				"{\"sku\":\"LAMP-1\",\"name\":\"Desk lamp\",\"price\":39.90,\"costPrice\":12.00}"));
		wait.until(ExpectedConditions.textToBe(By.cssSelector("#product-" + lamp + " td:nth-child(2)"), "Desk lamp"));

		send("PUT", "/products/" + lamp, "{\"name\":\"Desk lamp, brass\",\"price\":44.00}");
		wait.until(ExpectedConditions.textToBe(By.cssSelector("#product-" + lamp + " td:nth-child(2)"),
				"Desk lamp, brass"));
		assertThat(this.browser.findElement(By.cssSelector("#product-" + lamp + " td:nth-child(3)")).getText())
			.isEqualTo("44");

		send("DELETE", "/products/" + existingId, null);
		wait.until(ExpectedConditions.numberOfElementsToBe(By.id("product-" + existingId), 0));
		assertThat(this.browser.findElements(By.cssSelector("#products tr"))).hasSize(1);
	}

	private String send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(shopUrl(path)))
			.header("content-type", "application/json");
		request.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path).isBetween(200, 299);
		return response.body();
	}

	private static long idOf(String productJson) {
		String marker = "\"id\":";
		int start = productJson.indexOf(marker) + marker.length();
		int end = start;
		while (end < productJson.length() && Character.isDigit(productJson.charAt(end))) {
			end++;
		}
		return Long.parseLong(productJson.substring(start, end));
	}

	private String shopUrl(String path) {
		return "http://localhost:" + ((WebServerApplicationContext) this.shop).getWebServer().getPort() + path;
	}

}
