/**
 * The event log: captured entity changes and custom events kept apart from their deliveries, for a retention time,
 * so that a hook created later can be sent the events it would have matched (see
 * {@link dev.webhooks.hooks.HookReplay}). {@link dev.webhooks.eventlog.EventLogSink} writes a transaction's events in
 * one multi-row insert just before it commits; {@link dev.webhooks.eventlog.EventLogPurge} deletes expired ones.
 */
@NullMarked
package dev.webhooks.eventlog;

import org.jspecify.annotations.NullMarked;
