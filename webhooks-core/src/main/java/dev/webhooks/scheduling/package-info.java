/**
 * Periodic work of the library (purges, the hooks refresh, the realtime broadcast poll, the auto-disable check), all
 * run the same way by {@link dev.webhooks.scheduling.PeriodicTask}.
 */
@NullMarked
package dev.webhooks.scheduling;

import org.jspecify.annotations.NullMarked;
