package dev.webhooks.idempotency.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.webhooks.idempotency.Claim;
import dev.webhooks.idempotency.IdempotencyRecord;
import dev.webhooks.idempotency.IdempotencyStore;
import dev.webhooks.idempotency.StoredResponse;

/**
 * Keeps each record as one Redis string under {@code keyPrefix + key}, expiring by itself ({@code PX}). A claim is
 * {@code SET NX PX}; taking over a stale record is a compare-and-set script, and completing or releasing checks in a
 * script that the caller still owns the unfinished claim, so a request whose lock timed out cannot overwrite its
 * successor's record.
 * <p>
 * The value starts with the owner token and a state byte ({@code I} running, {@code C} completed), which is all the
 * scripts look at; the rest is this class's own binary encoding.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

	/** The default prefix of every key this store writes. */
	public static final String DEFAULT_KEY_PREFIX = "webhooks:idempotency:";

	private static final byte RUNNING = 'I';

	private static final byte COMPLETED = 'C';

	private static final int OWNER_LENGTH = 36;

	private static final int MAX_ATTEMPTS = 5;

	private static final String COMPARE_AND_SET = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
				return 1
			end
			return 0""";

	private static final String SET_IF_OWNED = """
			local value = redis.call('GET', KEYS[1])
			if value and string.sub(value, 1, string.len(ARGV[1])) == ARGV[1] then
				redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
				return 1
			end
			return 0""";

	private static final String DELETE_IF_OWNED = """
			local value = redis.call('GET', KEYS[1])
			if value and string.sub(value, 1, string.len(ARGV[1])) == ARGV[1] then
				redis.call('DEL', KEYS[1])
				return 1
			end
			return 0""";

	private final RedisRecordCommands commands;

	private final String keyPrefix;

	private final Clock clock;

	/**
	 * @param commands the Redis client to send the commands with
	 * @param keyPrefix the prefix of every key written, e.g. {@link #DEFAULT_KEY_PREFIX}
	 */
	public RedisIdempotencyStore(RedisRecordCommands commands, String keyPrefix, Clock clock) {
		this.commands = Objects.requireNonNull(commands, "commands");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	public RedisIdempotencyStore(RedisRecordCommands commands) {
		this(commands, DEFAULT_KEY_PREFIX, Clock.systemUTC());
	}

	/** The client the commands are sent with. */
	public RedisRecordCommands commands() {
		return this.commands;
	}

	@Override
	public Claim claim(String key, String fingerprint, Duration lockTimeout, Duration retention) {
		byte[] redisKey = redisKey(key);
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			Instant now = this.clock.instant();
			IdempotencyRecord claimed = new IdempotencyRecord(key, fingerprint, UUID.randomUUID().toString(),
					now.plus(lockTimeout), now.plus(retention), null);
			byte[] value = encode(claimed);
			if (this.commands.setIfAbsent(redisKey, value, Math.max(1, retention.toMillis()))) {
				return new Claim.Acquired(claimed);
			}
			byte[] current = this.commands.get(redisKey);
			if (current == null) {
				continue;
			}
			IdempotencyRecord existing = decode(key, current);
			if (!existing.staleAt(now)) {
				return new Claim.Existing(existing);
			}
			if (this.commands.eval(COMPARE_AND_SET, redisKey, current, value, millis(retention)) == 1L) {
				return new Claim.Acquired(claimed);
			}
		}
		throw new IllegalStateException("Could not claim idempotency key after " + MAX_ATTEMPTS
				+ " attempts; the record kept changing under concurrent requests");
	}

	@Override
	public boolean complete(String key, String owner, StoredResponse response, Duration retention) {
		byte[] redisKey = redisKey(key);
		byte[] current = this.commands.get(redisKey);
		if (current == null) {
			return false;
		}
		IdempotencyRecord running = decode(key, current);
		if (!running.owner().equals(owner) || running.completed()) {
			return false;
		}
		Instant expiresAt = this.clock.instant().plus(retention);
		IdempotencyRecord completed = new IdempotencyRecord(key, running.fingerprint(), owner, running.lockedUntil(),
				expiresAt, response);
		return this.commands.eval(SET_IF_OWNED, redisKey, ownedPrefix(owner), encode(completed),
				millis(retention)) == 1L;
	}

	@Override
	public boolean release(String key, String owner) {
		return this.commands.eval(DELETE_IF_OWNED, redisKey(key), ownedPrefix(owner)) == 1L;
	}

	@Override
	public Optional<IdempotencyRecord> find(String key) {
		byte[] value = this.commands.get(redisKey(key));
		if (value == null) {
			return Optional.empty();
		}
		IdempotencyRecord record = decode(key, value);
		return record.staleAt(this.clock.instant()) ? Optional.empty() : Optional.of(record);
	}

	/** Redis expires records by itself. */
	@Override
	public int purgeExpired() {
		return 0;
	}

	private byte[] redisKey(String key) {
		return (this.keyPrefix + key).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] millis(Duration duration) {
		return Long.toString(Math.max(1, duration.toMillis())).getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] ownedPrefix(String owner) {
		byte[] ownerBytes = owner.getBytes(StandardCharsets.US_ASCII);
		byte[] prefix = new byte[ownerBytes.length + 1];
		System.arraycopy(ownerBytes, 0, prefix, 0, ownerBytes.length);
		prefix[ownerBytes.length] = RUNNING;
		return prefix;
	}

	static byte[] encode(IdempotencyRecord record) {
		if (record.owner().length() != OWNER_LENGTH) {
			throw new IllegalArgumentException("Owner tokens are UUIDs");
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.write(record.owner().getBytes(StandardCharsets.US_ASCII));
			StoredResponse response = record.response();
			out.writeByte((response != null) ? COMPLETED : RUNNING);
			out.writeUTF(record.fingerprint());
			out.writeLong(record.lockedUntil().toEpochMilli());
			out.writeLong(record.expiresAt().toEpochMilli());
			if (response != null) {
				out.writeShort(response.status());
				out.writeInt(response.headers().size());
				for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
					out.writeUTF(header.getKey());
					out.writeInt(header.getValue().size());
					for (String value : header.getValue()) {
						out.writeUTF(value);
					}
				}
				byte[] body = response.body();
				out.writeInt(body.length);
				out.write(body);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static IdempotencyRecord decode(String key, byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			byte[] owner = in.readNBytes(OWNER_LENGTH);
			byte state = in.readByte();
			String fingerprint = in.readUTF();
			Instant lockedUntil = Instant.ofEpochMilli(in.readLong());
			Instant expiresAt = Instant.ofEpochMilli(in.readLong());
			StoredResponse response = null;
			if (state == COMPLETED) {
				int status = in.readShort();
				int headerCount = in.readInt();
				Map<String, List<String>> headers = new LinkedHashMap<>();
				for (int i = 0; i < headerCount; i++) {
					String name = in.readUTF();
					int valueCount = in.readInt();
					List<String> values = new ArrayList<>(valueCount);
					for (int j = 0; j < valueCount; j++) {
						values.add(in.readUTF());
					}
					headers.put(name, values);
				}
				response = new StoredResponse(status, headers, in.readNBytes(in.readInt()));
			}
			return new IdempotencyRecord(key, fingerprint, new String(owner, StandardCharsets.US_ASCII), lockedUntil,
					expiresAt, response);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The Redis value for an idempotency key is not a record this store wrote",
					ex);
		}
	}

}
