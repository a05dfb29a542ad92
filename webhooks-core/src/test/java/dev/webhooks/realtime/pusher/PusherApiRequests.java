package dev.webhooks.realtime.pusher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a request to Pusher's HTTP API the way Pusher does, independently of the client library that signed it.
 */
public final class PusherApiRequests {

	private PusherApiRequests() {
	}

	// Pusher's rules: body_md5 is the hex MD5 of the body; auth_signature the hex HMAC-SHA256, with the app secret,
	// of "METHOD\npath\n" and the other query parameters sorted by name as key=value joined with '&'
	public static void assertSigned(RecordedRequest request, String key, String secret) throws Exception {
		HttpUrl url = request.getUrl();
		assertThat(url.queryParameter("auth_key")).isEqualTo(key);
		assertThat(url.queryParameter("auth_version")).isEqualTo("1.0");
		long timestamp = Long.parseLong(url.queryParameter("auth_timestamp"));
		assertThat(Math.abs(System.currentTimeMillis() / 1000 - timestamp)).isLessThan(600);
		byte[] body = (request.getBody() != null) ? request.getBody().toByteArray() : new byte[0];
		if (body.length > 0) {
			assertThat(url.queryParameter("body_md5"))
				.isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)));
		}
		StringBuilder signed = new StringBuilder(request.getMethod()).append('\n').append(url.encodedPath()).append('\n');
		String separator = "";
		for (String name : new TreeSet<>(url.queryParameterNames())) {
			if (!name.equals("auth_signature")) {
				signed.append(separator).append(name).append('=').append(url.queryParameter(name));
				separator = "&";
			}
		}
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String expected = HexFormat.of().formatHex(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
		assertThat(url.queryParameter("auth_signature")).isEqualTo(expected);
	}

}
