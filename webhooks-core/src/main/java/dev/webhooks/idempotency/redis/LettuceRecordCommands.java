package dev.webhooks.idempotency.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

/** {@link RedisRecordCommands} on one Lettuce connection, shared and closed by the caller. */
public final class LettuceRecordCommands implements RedisRecordCommands {

	private final RedisCommands<byte[], byte[]> commands;

	/**
	 * @param connection a connection with a byte-array codec ({@code client.connect(ByteArrayCodec.INSTANCE)})
	 */
	public LettuceRecordCommands(StatefulRedisConnection<byte[], byte[]> connection) {
		this.commands = connection.sync();
	}

	@Override
	public boolean setIfAbsent(byte[] key, byte[] value, long expireMillis) {
		return "OK".equals(this.commands.set(key, value, SetArgs.Builder.nx().px(expireMillis)));
	}

	@Override
	public byte @Nullable [] get(byte[] key) {
		return this.commands.get(key);
	}

	@Override
	public long eval(String script, byte[] key, byte[]... args) {
		Long reply = this.commands.eval(script, ScriptOutputType.INTEGER, new byte[][] { key }, args);
		return (reply != null) ? reply : 0L;
	}

}
