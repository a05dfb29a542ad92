package dev.webhooks.realtime;

import java.util.List;

/**
 * Hands events straight to this instance's subscribers: enough for a single application instance. Several
 * instances need a broadcast, such as {@link dev.webhooks.realtime.jdbc.JdbcRealtimeBroadcast}.
 */
public final class LocalRealtimeTransport implements RealtimeTransport {

	private final RealtimeEventSink sink;

	public LocalRealtimeTransport(RealtimeEventSink sink) {
		this.sink = sink;
	}

	@Override
	public void push(List<RealtimeEvent> events) {
		events.forEach(this.sink::accept);
	}

}
