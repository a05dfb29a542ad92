package dev.webhooks.idempotency;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFingerprintTests {

	private static byte[] body(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void isTheSameForTheSameRequest() {
		assertThat(RequestFingerprint.of("POST", "/orders", "alice", body("{}")))
			.isEqualTo(RequestFingerprint.of("POST", "/orders", "alice", body("{}")));
	}

	@Test
	void differsWhenMethodPathCallerOrBodyDiffer() {
		String base = RequestFingerprint.of("POST", "/orders", "alice", body("{}"));
		assertThat(RequestFingerprint.of("PUT", "/orders", "alice", body("{}"))).isNotEqualTo(base);
		assertThat(RequestFingerprint.of("POST", "/order", "alice", body("{}"))).isNotEqualTo(base);
		assertThat(RequestFingerprint.of("POST", "/orders", "bob", body("{}"))).isNotEqualTo(base);
		assertThat(RequestFingerprint.of("POST", "/orders", null, body("{}"))).isNotEqualTo(base);
		assertThat(RequestFingerprint.of("POST", "/orders", "alice", body("{ }"))).isNotEqualTo(base);
	}

	@Test
	void keepsPartsApart() {
		assertThat(RequestFingerprint.of("POST", "/ab", "c", body("")))
			.isNotEqualTo(RequestFingerprint.of("POST", "/a", "bc", body("")));
	}

	@Test
	void scopesEncodedKeysPerCallerMethodAndPath() {
		IdempotencyKeyEncoder encoder = IdempotencyKeyEncoder.scopedPerCaller();
		String key = encoder.encode("k1", "POST", "/orders", "alice");
		assertThat(key).isEqualTo(encoder.encode("k1", "POST", "/orders", "alice")).hasSizeLessThan(80);
		assertThat(encoder.encode("k1", "POST", "/orders", "bob")).isNotEqualTo(key);
		assertThat(encoder.encode("k1", "PUT", "/orders", "alice")).isNotEqualTo(key);
		assertThat(encoder.encode("k1", "POST", "/payments", "alice")).isNotEqualTo(key);
		assertThat(encoder.encode("k2", "POST", "/orders", "alice")).isNotEqualTo(key);
	}

}
