package dev.webhooks.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.List;

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
	void givesEverySpellingOfAPathTheSameCanonicalForm() {
		for (String path : List.of("/payments", "/pay%6Dents", "/pay%6dents", "/%70%61%79%6D%65%6E%74%73", "//payments",
				"/payments/", "/payments//", "/./payments", "/a/../payments", "/a/b/../../payments", "/../payments",
				"/payments;jsessionid=0123ABC", "/payments;a=b;c=d/", "/%2E/payments", "/a/%2E%2E/payments")) {
			assertThat(RequestFingerprint.canonicalPath(path)).as(path).isEqualTo("/payments");
		}
		assertThat(RequestFingerprint.canonicalPath("/")).isEqualTo("/");
		assertThat(RequestFingerprint.canonicalPath("")).isEqualTo("/");
		assertThat(RequestFingerprint.canonicalPath("/api;v=1/orders/%34%32")).isEqualTo("/api/orders/42");
	}

	@Test
	void keepsWhatMakesPathsDifferent() {
		assertThat(RequestFingerprint.canonicalPath("/Payments")).isEqualTo("/Payments");
		assertThat(RequestFingerprint.canonicalPath("/a%2Fb")).isEqualTo("/a%2Fb").isNotEqualTo("/a/b");
		assertThat(RequestFingerprint.canonicalPath("/a+b")).isEqualTo("/a+b");
		assertThat(RequestFingerprint.canonicalPath("/caf%C3%A9")).isEqualTo("/café");
		assertThat(RequestFingerprint.canonicalPath("/%zz/%4")).isEqualTo("/%zz/%4");
		assertThat(RequestFingerprint.canonicalPath("/a%3Bb")).isEqualTo("/a;b");
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
