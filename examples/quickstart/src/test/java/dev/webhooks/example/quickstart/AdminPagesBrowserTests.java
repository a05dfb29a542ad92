package dev.webhooks.example.quickstart;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.webhooks.example.quickstart.shop.ShopApplication;
import dev.webhooks.example.quickstart.warehouse.WarehouseApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin pages of the quick-start shop in headless Chromium, against the running shop and warehouse and a local
 * receiver that can be switched to fail: log in, create a hook (an invalid header is refused next to its field),
 * save a product, follow its delivery and attempts, let the receiver fail, retry and see it succeed; and the
 * refusals without login, without the role and without CSRF token. Uses the machine's chromium and chromedriver;
 * skipped when they are missing, unless {@code -Dwebhooks.test.require-services=true}.
 * <p>
 * With {@code -Dwebhooks.screenshots=<dir>} it also saves a screenshot of each page there (the documentation's
 * images are made with {@code -Dwebhooks.screenshots=../../docs/images}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPagesBrowserTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final HttpClient http = HttpClient.newHttpClient();

	/** The status the local receiver answers with. */
	private final AtomicInteger receiverStatus = new AtomicInteger(500);

	private final AtomicInteger received = new AtomicInteger();

	private HttpServer receiver;

	private ConfigurableApplicationContext warehouse;

	private ConfigurableApplicationContext shop;

	private HeadlessChromium chromium;

	private WebDriver browser;

	private WebDriverWait wait;

	@BeforeAll
	void start() throws IOException {
		HeadlessChromium.assumeInstalled();
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/stock-feed", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			this.received.incrementAndGet();
			int status = this.receiverStatus.get();
			byte[] body = ((status < 300) ? "{\"stored\":true}" : "{\"error\":\"disk full\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.receiver.start();
		// command line arguments: default properties would lose to the profiles' application-*.yml
		this.warehouse = new SpringApplicationBuilder(WarehouseApplication.class).profiles("warehouse")
			.run("--server.port=0",
					"--spring.datasource.url=jdbc:h2:mem:admin-warehouse-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.shop = new SpringApplicationBuilder(ShopApplication.class).profiles("shop")
			// two quick attempts, so a failing receiver fails the delivery for good within a few seconds
			.run("--server.port=0", "--shop.demo-traffic=false",
					"--spring.datasource.url=jdbc:h2:mem:admin-shop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
					"--webhooks.servers.warehouse.url=http://localhost:" + port(this.warehouse) + "/webhooks/receive",
					"--webhooks.retry.max-attempts=2", "--webhooks.retry.initial-interval=500ms",
					"--webhooks.retry.jitter=0");
		this.chromium = HeadlessChromium.start();
		this.browser = this.chromium.driver();
		// a laptop screen
		this.browser.manage().window().setSize(new Dimension(1366, 900));
		this.wait = new WebDriverWait(this.browser, WAIT);
	}

	@AfterAll
	void stop() throws IOException {
		if (this.chromium != null) {
			this.chromium.close();
		}
		if (this.shop != null) {
			this.shop.close();
		}
		if (this.warehouse != null) {
			this.warehouse.close();
		}
		if (this.receiver != null) {
			this.receiver.stop(0);
		}
	}

	@Test
	@Order(1)
	void anAdminCreatesAHookFollowsItsFailingDeliveryRetriesItAndSeesItSucceed() throws Exception {
		// the pages need a login: the shop's form login takes the admin there afterwards
		this.browser.get(shopUrl("/webhooks-admin/"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
		this.browser.findElement(By.name("username")).sendKeys("admin");
		this.browser.findElement(By.name("password")).sendKeys("admin");
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("count-pending")));

		// a header line without ':' is refused, with the API's message next to the field
		this.browser.get(shopUrl("/webhooks-admin/#/hooks/new"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hook-form")));
		this.browser.findElement(By.id("hook-name")).sendKeys("stock-feed");
		new Select(this.browser.findElement(By.id("hook-entityType"))).selectByVisibleText("Product");
		this.browser.findElement(By.id("hook-url"))
			.sendKeys("http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/stock-feed");
		WebElement headers = this.browser.findElement(By.id("hook-headers"));
		headers.sendKeys("X-Feed-Token 4f1c9a7b2e");
		// at most two requests in flight to the feed; a burst without a rate limit is refused next to its field
		this.browser.findElement(By.id("hook-maxConcurrency")).sendKeys("2");
		WebElement burst = this.browser.findElement(By.id("hook-burst"));
		burst.sendKeys("5");
		new Select(this.browser.findElement(By.id("hook-payloadKind"))).selectByValue("TEMPLATE");
		WebElement template = this.browser.findElement(By.id("hook-template"));
		template.sendKeys("{\"sku\": \"{{instance.sku}}\", \"name\": \"{{instance.name}}\", "
				+ "\"price\": {{instance.price}}, \"event\": \"{{event}}\"}");
		this.browser.findElement(By.id("save-hook")).click();
		By headersError = By.cssSelector(".field-error[data-for=headers]");
		this.wait.until(ExpectedConditions.textMatches(headersError, java.util.regex.Pattern.compile(".+")));
		assertThat(this.browser.findElement(headersError).getText())
			.isEqualTo("line 1 \"X-Feed-Token 4f1c9a7b2e\" has no ':'");
		assertThat(this.browser.findElement(By.cssSelector(".field-error[data-for=burst]")).getText())
			.startsWith("needs rateLimit");
		screenshot("admin-hook-invalid.png");

		// fixed, previewed for a sample product, and created
		headers.clear();
		headers.sendKeys("X-Feed-Token: 4f1c9a7b2e");
		burst.clear();
		WebElement sample = this.browser.findElement(By.id("sample"));
		sample.clear();
		sample.sendKeys("{\"id\": 7, \"sku\": \"LAMP-1\", \"name\": \"Desk lamp \\\"Arc\\\"\", \"price\": 39.90}");
		this.browser.findElement(By.id("preview-button")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-output"), "LAMP-1"));
		assertThat(this.browser.findElement(By.id("preview-output")).getText()).contains("\"price\": 39.9")
			.contains("Desk lamp \\\"Arc\\\"");
		assertThat(this.browser.findElement(By.cssSelector(".field-error[data-for=headers]")).getText()).isEmpty();
		screenshot("admin-hook-form.png");
		this.browser.findElement(By.id("save-hook")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#hooks tr[data-hook-id]")));
		assertThat(this.browser.findElement(By.id("flash")).getText()).contains("stock-feed created");
		String hookId = this.browser.findElement(By.cssSelector("#hooks tr[data-hook-id]")).getAttribute("data-hook-id");
		assertThat(this.browser.findElement(By.cssSelector("#hooks tr[data-hook-id] .hook-limits")).getText())
			.isEqualTo("max 2 in flight");
		screenshot("admin-hooks.png");

		// the receiver fails: a product saved in the shop becomes a delivery that fails after its two attempts
		this.receiverStatus.set(500);
		send("POST", "/products", "{\"sku\":\"LAMP-1\",\"name\":\"Desk lamp\",\"price\":39.90}");
		this.browser.get(shopUrl("/webhooks-admin/#/deliveries?hook=" + hookId));
		By row = By.cssSelector("#deliveries tr[data-delivery-id]");
		waitWithReload(row, "#apply-filters");
		WebElement deliveryRow = this.browser.findElement(row);
		String deliveryId = deliveryRow.getAttribute("data-delivery-id");
		this.browser.findElement(By.cssSelector("#deliveries tr[data-delivery-id] a")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("delivery-status")));
		waitForStatus("FAILED");
		assertThat(this.browser.findElements(By.cssSelector("#attempts tbody tr"))).hasSize(2)
			.allSatisfy((attempt) -> assertThat(attempt.getAttribute("data-status-code")).isEqualTo("500"));
		assertThat(this.browser.findElement(By.id("headers")).getText()).contains("X-Feed-Token")
			.contains("4f1c…")
			.doesNotContain("4f1c9a7b2e");
		assertThat(this.browser.findElement(By.id("payload")).getText()).contains("LAMP-1");

		// the receiver is fixed; retry, and the delivery succeeds with a third attempt
		this.receiverStatus.set(200);
		this.browser.findElement(By.id("retry-this")).click();
		waitForStatus("SUCCEEDED");
		assertThat(this.browser.findElements(By.cssSelector("#attempts tbody tr[data-status-code='200']"))).hasSize(1);
		screenshot("admin-delivery.png");

		this.browser.get(shopUrl("/webhooks-admin/#/deliveries"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(
				By.cssSelector("#deliveries tr[data-delivery-id='" + deliveryId + "']")));
		screenshot("admin-deliveries.png");
		// a second product while the receiver fails again: the dashboard lists the hook as a failing target
		this.receiverStatus.set(500);
		send("POST", "/products", "{\"sku\":\"MUG-1\",\"name\":\"Coffee mug\",\"price\":9.50}");
		this.browser.get(shopUrl("/webhooks-admin/#/"));
		new WebDriverWait(this.browser, WAIT).pollingEvery(Duration.ofMillis(500))
			.ignoring(StaleElementReferenceException.class)
			.until((driver) -> {
				if (!driver.findElements(By.cssSelector("#failing-targets tbody tr")).isEmpty()
						&& driver.findElement(By.cssSelector("#count-failed .value")).getText().equals("1")) {
					return true;
				}
				driver.navigate().refresh();
				return false;
			});
		assertThat(this.browser.findElement(By.id("failing-targets")).getText()).contains("hook stock-feed")
			.contains("HTTP 500");
		assertThat(this.browser.findElements(By.cssSelector("#chart rect.bar"))).isNotEmpty();
		screenshot("admin-dashboard.png");
	}

	@Test
	@Order(2)
	void withoutLoginThePagesAndTheirApiAreRefused() throws Exception {
		HttpResponse<String> page = this.http.send(HttpRequest.newBuilder(URI.create(shopUrl("/webhooks-admin/")))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/login"));
		HttpResponse<String> api = this.http.send(HttpRequest.newBuilder(
				URI.create(shopUrl("/webhooks-admin/api/deliveries"))).header("Accept", "application/json").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(api.statusCode()).isIn(302, 401);
		assertThat(api.body()).doesNotContain("\"items\"");
	}

	@Test
	@Order(3)
	void aChangeWithoutTheCsrfTokenIsRefusedAndTheSameChangeWithItIsAccepted() throws Exception {
		Cookie session = this.browser.manage().getCookieNamed("JSESSIONID");
		assertThat(session).as("the browser's session of the first test").isNotNull();
		String body = "{\"ids\":[\"no-such-delivery\"]}";
		HttpResponse<String> withoutToken = post("/webhooks-admin/api/deliveries/retry", session, body, null, null);
		assertThat(withoutToken.statusCode()).isEqualTo(403);
		String sessionJson = this.http.send(HttpRequest.newBuilder(URI.create(shopUrl("/webhooks-admin/api/session")))
			.header("Cookie", "JSESSIONID=" + session.getValue())
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		String headerName = field(sessionJson, "headerName");
		String token = field(sessionJson, "token");
		HttpResponse<String> withToken = post("/webhooks-admin/api/deliveries/retry", session, body, headerName, token);
		assertThat(withToken.statusCode()).isEqualTo(200);
		assertThat(withToken.body()).contains("\"deliveries\":0");
	}

	@Test
	@Order(4)
	void aUserWithoutTheRoleIsRefused() throws Exception {
		this.browser.manage().deleteAllCookies();
		this.browser.get(shopUrl("/login"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
		this.browser.findElement(By.name("username")).sendKeys("clerk");
		this.browser.findElement(By.name("password")).sendKeys("clerk");
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();
		this.wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
		Cookie session = this.browser.manage().getCookieNamed("JSESSIONID");
		HttpResponse<String> api = this.http.send(HttpRequest.newBuilder(
				URI.create(shopUrl("/webhooks-admin/api/dashboard"))).header("Cookie", "JSESSIONID=" + session.getValue())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(api.statusCode()).isEqualTo(403);
	}

	@Test
	@Order(5)
	void anAdminFollowsADeliveryToItsTargetDisablesItAndEnablesItAgain() throws Exception {
		this.browser.manage().deleteAllCookies();
		this.browser.get(shopUrl("/login"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
		this.browser.findElement(By.name("username")).sendKeys("admin");
		this.browser.findElement(By.name("password")).sendKeys("admin");
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();
		this.wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

		// the dashboard lists the configured server and the hook of the first test, each with its state
		this.browser.get(shopUrl("/webhooks-admin/#/"));
		By warehouseRow = By.cssSelector("#targets tr[data-target='warehouse']");
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(warehouseRow));
		assertThat(this.browser.findElement(warehouseRow).getAttribute("data-state")).isEqualTo("ok");
		assertThat(this.browser.findElements(By.cssSelector("#targets tr[data-target^='hook:']"))).isNotEmpty();

		// a delivery row links to its target's view
		this.browser.get(shopUrl("/webhooks-admin/#/deliveries"));
		WebElement targetLink = this.wait
			.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#deliveries a.target-link")));
		String label = targetLink.getText();
		targetLink.click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("target-view")));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).endsWith(label.replaceFirst("^hook ", ""));

		// the server's view: disabled behind a confirmation, then enabled again
		this.browser.get(shopUrl("/webhooks-admin/#/targets/warehouse"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("target-disable")));
		assertThat(this.browser.findElement(By.cssSelector("#target-state .status")).getText()).isEqualTo("ok");
		assertThat(this.browser.findElement(By.id("target-circuit")).getText()).startsWith("closed");
		assertThat(this.browser.findElement(By.id("target-url")).getText()).endsWith("/webhooks/receive");
		screenshot("admin-target.png");
		this.browser.findElement(By.id("target-disable")).click();
		this.wait.until(ExpectedConditions.alertIsPresent()).accept();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("target-enable")));
		assertThat(this.browser.findElement(By.cssSelector("#target-state .status")).getText()).isEqualTo("disabled");
		assertThat(this.browser.findElement(By.id("target-disabled")).getText()).contains("operator")
			.contains("by admin");
		assertThat(this.browser.findElement(By.id("flash")).getText()).contains("warehouse disabled");
		screenshot("admin-target-disabled.png");

		// the hook's receiver fails every call: twenty failed calls within the breaker's window open its circuit
		this.receiverStatus.set(500);
		for (int i = 0; i < 12; i++) {
			send("POST", "/products", "{\"sku\":\"CUP-" + i + "\",\"name\":\"Cup\",\"price\":4.50}");
		}
		this.browser.get(shopUrl("/webhooks-admin/#/"));
		By hookRow = By.cssSelector("#targets tr[data-target^='hook:']");
		new WebDriverWait(this.browser, WAIT).pollingEvery(Duration.ofMillis(500))
			.ignoring(StaleElementReferenceException.class)
			.ignoring(NoSuchElementException.class)
			.until((driver) -> {
				if ("circuit-open".equals(driver.findElement(hookRow).getAttribute("data-state"))) {
					return true;
				}
				driver.navigate().refresh();
				return false;
			});
		assertThat(this.browser.findElement(warehouseRow).getAttribute("data-state")).isEqualTo("disabled");
		assertThat(this.browser.findElement(hookRow).getText()).contains("open circuit");
		screenshot("admin-dashboard-targets.png");
		this.browser.findElement(By.cssSelector("#targets tr[data-target^='hook:'] a")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("target-circuit")));
		assertThat(this.browser.findElement(By.id("target-circuit")).getText()).startsWith("open, probe at");
		screenshot("admin-target-circuit.png");
		this.receiverStatus.set(200);

		// like every change of the pages, enabling needs the session's CSRF token, which the page sends
		Cookie session = this.browser.manage().getCookieNamed("JSESSIONID");
		assertThat(post("/webhooks-admin/api/targets/warehouse/enable", session, "", null, null).statusCode())
			.isEqualTo(403);
		this.browser.get(shopUrl("/webhooks-admin/#/targets/warehouse"));
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id("target-enable"))).click();
		this.wait.until(ExpectedConditions.alertIsPresent()).accept();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("target-disable")));
		assertThat(this.browser.findElement(By.cssSelector("#target-state .status")).getText()).isEqualTo("ok");
		assertThat(this.browser.findElement(By.id("flash")).getText()).contains("warehouse enabled");
	}

	private void waitForStatus(String status) {
		By selector = By.cssSelector("#delivery-status .status");
		WebDriverWait slow = new WebDriverWait(this.browser, WAIT);
		slow.pollingEvery(Duration.ofMillis(500))
			.ignoring(StaleElementReferenceException.class)
			.ignoring(NoSuchElementException.class)
			.until((driver) -> {
			if (status.equals(driver.findElement(selector).getText())) {
				return true;
			}
			driver.findElement(By.id("reload")).click();
			return false;
		});
	}

	private void waitWithReload(By selector, String reloadButton) {
		new WebDriverWait(this.browser, WAIT).pollingEvery(Duration.ofMillis(500))
			.ignoring(StaleElementReferenceException.class)
			.until((driver) -> {
			if (!driver.findElements(selector).isEmpty()) {
				return true;
			}
			driver.findElement(By.cssSelector(reloadButton)).click();
			return false;
		});
	}

	private HttpResponse<String> post(String path, Cookie session, String json, String headerName, String token)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(shopUrl(path)))
			.header("Content-Type", "application/json")
			.header("Cookie", "JSESSIONID=" + session.getValue())
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (headerName != null) {
			request.header(headerName, token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String field(String json, String name) {
		String marker = "\"" + name + "\":\"";
		int start = json.indexOf(marker);
		assertThat(start).as(name + " in " + json).isNotNegative();
		start += marker.length();
		return json.substring(start, json.indexOf('"', start));
	}

	private void send(String method, String path, String json) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(shopUrl(path)))
			.header("content-type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path).isBetween(200, 299);
	}

	private void screenshot(String name) throws IOException {
		String directory = System.getProperty("webhooks.screenshots");
		if (directory == null || directory.isBlank()) {
			return;
		}
		Path target = Path.of(directory).resolve(name);
		Files.createDirectories(target.getParent());
		File shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

	private String shopUrl(String path) {
		return "http://localhost:" + port(this.shop) + path;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
