/**
 * The Pusher Channels transport, through the official {@code com.pusher:pusher-http-java} client, with the
 * occupied-channel optimisation fed by Pusher's channel existence webhooks.
 */
@NullMarked
package dev.webhooks.realtime.pusher;

import org.jspecify.annotations.NullMarked;
