package dev.webhooks.idempotency;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Which response statuses complete a key (and are replayed); any other status releases it so the client may retry.
 * Written as classes ({@code 2xx}), single codes ({@code 409}) or ranges ({@code 400-404}).
 */
public final class StoredStatuses implements IntPredicate {

	/** 2xx and 4xx: a server error (5xx) leaves the key free for a retry. */
	public static final List<String> DEFAULT = List.of("2xx", "4xx");

	private final BitSet statuses;

	private final List<String> specification;

	private StoredStatuses(BitSet statuses, List<String> specification) {
		this.statuses = statuses;
		this.specification = specification;
	}

	public static StoredStatuses defaults() {
		return parse(DEFAULT);
	}

	/** Parses {@code 2xx}, {@code 201} and {@code 400-404} entries. */
	public static StoredStatuses parse(List<String> entries) {
		BitSet statuses = new BitSet(1000);
		for (String raw : entries) {
			String entry = raw.strip().toLowerCase(Locale.ROOT);
			try {
				if (entry.length() == 3 && entry.endsWith("xx")) {
					int hundreds = Integer.parseInt(entry.substring(0, 1));
					statuses.set(hundreds * 100, hundreds * 100 + 100);
				}
				else if (entry.contains("-")) {
					int dash = entry.indexOf('-');
					int from = status(entry.substring(0, dash));
					int to = status(entry.substring(dash + 1));
					if (to < from) {
						throw new IllegalArgumentException("empty range");
					}
					statuses.set(from, to + 1);
				}
				else {
					statuses.set(status(entry));
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("'" + raw
						+ "' is not a status code, a class such as 2xx, or a range such as 400-404", ex);
			}
		}
		return new StoredStatuses(statuses, List.copyOf(entries));
	}

	private static int status(String value) {
		int status = Integer.parseInt(value.strip());
		if (status < 100 || status > 999) {
			throw new IllegalArgumentException("out of range");
		}
		return status;
	}

	@Override
	public boolean test(int status) {
		return status >= 0 && this.statuses.get(status);
	}

	@Override
	public String toString() {
		return String.join(",", this.specification);
	}

}
