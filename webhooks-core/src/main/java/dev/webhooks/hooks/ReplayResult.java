package dev.webhooks.hooks;

import java.time.Instant;

/**
 * What a replay to a new hook scheduled: deliveries of the hook, oldest event first, queued like any other.
 *
 * @param from the first time replayed (inclusive)
 * @param until where the replay stopped: the hook's creation (exclusive), after which it fires on its own
 * @param events the logged events of the hook's entity type and events in the window
 * @param scheduled the deliveries queued: the events that passed the hook's match filter
 */
public record ReplayResult(Instant from, Instant until, long events, long scheduled) {

}
