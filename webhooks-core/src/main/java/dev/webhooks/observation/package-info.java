/**
 * Micrometer Observations of the path of a change: its capture in the business transaction
 * ({@link dev.webhooks.observation.CaptureContext}, whose trace context is stored with its deliveries), each dispatch
 * attempt ({@link dev.webhooks.observation.DispatchContext}, continuing that trace) with its HTTP request
 * ({@link dev.webhooks.observation.RequestContext}, carrying {@code traceparent}), and each received message
 * ({@link dev.webhooks.observation.ReceiveContext}). With the default {@code ObservationRegistry.NOOP} nothing is
 * recorded and nothing is allocated; an application's tracer makes spans of them.
 */
@NullMarked
package dev.webhooks.observation;

import org.jspecify.annotations.NullMarked;
