/**
 * Spring MVC pieces of realtime push: the server-sent events endpoint and its subscribers, the connection id
 * request header, and Pusher's webhook and channel authorization endpoints.
 */
@NullMarked
package dev.webhooks.spring.realtime;

import org.jspecify.annotations.NullMarked;
