package dev.webhooks.message;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Message ids like {@code msg_01JD8X3V9Q7K2M5N8P4R6T0W2Y}: a ULID (48-bit milliseconds, 80 random bits, Crockford
 * base32) behind {@code msg_}. Time-ordered, so new rows land at the end of the primary key index.
 */
public final class MessageIds {

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private MessageIds() {
	}

	public static String next(Instant now) {
		byte[] random = new byte[10];
		RANDOM.nextBytes(random);
		long time = now.toEpochMilli();
		char[] id = new char[26];
		for (int i = 9; i >= 0; i--) {
			id[i] = ALPHABET[(int) (time & 31)];
			time >>>= 5;
		}
		// 80 random bits as 16 base32 characters
		long high = 0;
		for (int i = 0; i < 5; i++) {
			high = (high << 8) | (random[i] & 0xff);
		}
		long low = 0;
		for (int i = 5; i < 10; i++) {
			low = (low << 8) | (random[i] & 0xff);
		}
		for (int i = 17; i >= 10; i--) {
			id[i] = ALPHABET[(int) (high & 31)];
			high >>>= 5;
		}
		for (int i = 25; i >= 18; i--) {
			id[i] = ALPHABET[(int) (low & 31)];
			low >>>= 5;
		}
		return "msg_" + new String(id);
	}

}
