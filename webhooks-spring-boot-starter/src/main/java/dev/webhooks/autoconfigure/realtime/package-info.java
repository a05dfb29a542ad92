/**
 * Auto-configuration of realtime push: {@code webhooks.realtime.*}.
 */
@NullMarked
package dev.webhooks.autoconfigure.realtime;

import org.jspecify.annotations.NullMarked;
