/**
 * Rendering a hook's payload: {@link dev.webhooks.hooks.payload.PayloadTemplate templates} escaped for their content
 * type, named {@link dev.webhooks.hooks.payload.HookPayloadSerializer serializers}, and field paths into captured
 * data.
 */
@NullMarked
package dev.webhooks.hooks.payload;

import org.jspecify.annotations.NullMarked;
