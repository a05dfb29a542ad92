/**
 * The message envelope both ends agree on, and message ids.
 */
@NullMarked
package dev.webhooks.message;

import org.jspecify.annotations.NullMarked;
