package dev.webhooks.admin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TargetOverviewTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"https://erp.example.com/webhooks | https://erp.example.com/webhooks",
			"http://127.0.0.1:8080/in | http://127.0.0.1:8080/in",
			"https://robot:hunter2@vault.example.com/in | https://vault.example.com/in",
			"https://vault.example.com/in?token=s3cr3t&v=2&flag | https://vault.example.com/in?token=…&v=…&flag",
			"https://vault.example.com?key=abc | https://vault.example.com?key=…",
			"not a url | (not a valid URL)",
			"/relative/path | (not an absolute URL)" })
	void aUrlIsShownWithoutUserInfoOrQueryValues(String url, String shown) {
		assertThat(TargetOverview.withoutCredentials(url)).isEqualTo(shown);
	}

}
