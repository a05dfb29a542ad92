/**
 * Realtime push of entity changes to live clients: {@link dev.webhooks.realtime.RealtimeChannels} says which
 * channels an entity's changes go to, the {@link dev.webhooks.realtime.RealtimeDispatcher} pushes committed events
 * off the committing thread to each {@link dev.webhooks.realtime.RealtimeTransport}.
 */
@NullMarked
package dev.webhooks.realtime;

import org.jspecify.annotations.NullMarked;
