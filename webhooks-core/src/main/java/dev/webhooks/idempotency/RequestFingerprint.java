package dev.webhooks.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
