package dev.webhooks.example.quickstart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.util.FileSystemUtils;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The machine's Debian Chromium, headless, driven through its chromedriver: nothing is downloaded. Missing, it skips
 * the test, or fails it under {@code -Dwebhooks.test.require-services=true}.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private final Path profile;

	private final WebDriver driver;

	private HeadlessChromium(Path profile, WebDriver driver) {
		this.profile = profile;
		this.driver = driver;
	}

	/** Skips (or fails, when services are required) the calling test unless Chromium and its driver are installed. */
	static void assumeInstalled() {
		if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
			if (Boolean.getBoolean("webhooks.test.require-services")) {
				fail("The browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
						+ " (apt-get install chromium chromium-driver)");
			}
			assumeTrue(false, "chromium or chromedriver is not installed");
		}
	}

	/** Starts a browser with a fresh, empty profile. */
	static HeadlessChromium start() throws IOException {
		assumeInstalled();
		Path profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// no background traffic: the machine's network is closed and Chromium would keep trying
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		return new HeadlessChromium(profile, new ChromeDriver(service, options));
	}

	WebDriver driver() {
		return this.driver;
	}

	@Override
	public void close() throws IOException {
		try {
			this.driver.quit();
		}
		finally {
			FileSystemUtils.deleteRecursively(this.profile);
		}
	}

}
