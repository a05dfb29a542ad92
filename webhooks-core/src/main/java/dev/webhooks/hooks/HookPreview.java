package dev.webhooks.hooks;

import org.jspecify.annotations.Nullable;

/**
 * What a hook definition would send for a sample instance, as shown by the admin pages before saving.
 *
 * @param payload the rendered request body, or {@code null} when rendering failed
 * @param matches whether the hook's match filter fires on the sample
 * @param error why rendering failed (e.g. a serializer bean threw), or {@code null}
 */
public record HookPreview(@Nullable String payload, boolean matches, @Nullable String error) {

}
