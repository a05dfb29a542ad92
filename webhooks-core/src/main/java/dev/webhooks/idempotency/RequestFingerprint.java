package dev.webhooks.idempotency;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * A digest of what makes two requests "the same" for one key: method, path, caller and body. A repeat whose
 * fingerprint differs is a client error (422), never a replay.
 */
public final class RequestFingerprint {

	private RequestFingerprint() {
	}

	/** The SHA-256 of the request's method, path, caller identity and body, in hex. */
	public static String of(String method, String path, @Nullable String caller, byte[] body) {
		MessageDigest digest = sha256();
		update(digest, method);
		update(digest, path);
		update(digest, (caller != null) ? caller : "");
		digest.update(body);
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * The path of a request as its endpoint sees it, so that every spelling of one path counts as the same request:
	 * percent-decoded (an encoded {@code /} stays {@code %2F}), path parameters such as {@code ;jsessionid=...}
	 * removed, empty, {@code .} and {@code ..} segments resolved and no trailing slash. {@code /pay%6Dents},
	 * {@code //payments}, {@code /payments/} and {@code /payments;jsessionid=1} all give {@code /payments}.
	 * @param rawPath the path as sent, undecoded (e.g. {@code HttpServletRequest.getRequestURI()})
	 */
	public static String canonicalPath(String rawPath) {
		Deque<String> segments = new ArrayDeque<>();
		for (String raw : rawPath.split("/")) {
			int parameters = raw.indexOf(';');
			String segment = decode((parameters >= 0) ? raw.substring(0, parameters) : raw).replace("/", "%2F");
			if (segment.equals("..")) {
				segments.pollLast();
			}
			else if (!segment.isEmpty() && !segment.equals(".")) {
				segments.addLast(segment);
			}
		}
		return "/" + String.join("/", segments);
	}

	// percent-decoding as in a URI path (a '+' stays a '+'); a malformed escape is kept as it is
	private static String decode(String segment) {
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
		int i = 0;
		while (i < segment.length()) {
			if (segment.charAt(i) == '%' && i + 2 < segment.length()) {
				int high = Character.digit(segment.charAt(i + 1), 16);
				int low = Character.digit(segment.charAt(i + 2), 16);
				if (high >= 0 && low >= 0) {
					bytes.write((high << 4) + low);
					i += 3;
					continue;
				}
			}
			int next = segment.indexOf('%', i + 1);
			next = (next >= 0) ? next : segment.length();
			bytes.writeBytes(segment.substring(i, next).getBytes(StandardCharsets.UTF_8));
			i = next;
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	// length-prefixed so ("ab", "c") and ("a", "bc") differ
	static void update(MessageDigest digest, String part) {
		byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
		digest.update((byte) (bytes.length >>> 24));
		digest.update((byte) (bytes.length >>> 16));
		digest.update((byte) (bytes.length >>> 8));
		digest.update((byte) bytes.length);
		digest.update(bytes);
	}

}
