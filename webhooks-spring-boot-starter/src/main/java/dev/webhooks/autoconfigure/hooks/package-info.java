/**
 * Auto-configuration of runtime hooks: the store, the registry refreshed from the database, the capture and
 * publisher wiring, the endpoint resolver that signs hook deliveries, and the REST API.
 */
@NullMarked
package dev.webhooks.autoconfigure.hooks;

import org.jspecify.annotations.NullMarked;
