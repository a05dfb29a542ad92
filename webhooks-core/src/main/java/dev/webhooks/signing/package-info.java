/**
 * Standard Webhooks signatures: {@link dev.webhooks.signing.WebhookSigner} signs outgoing messages and
 * {@link dev.webhooks.signing.SignatureVerifier} checks incoming ones.
 *
 * @see <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>
 */
@NullMarked
package dev.webhooks.signing;

import org.jspecify.annotations.NullMarked;
