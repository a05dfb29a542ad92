/**
 * The receiving side on Spring MVC: the endpoint that hands requests to the core
 * {@link dev.webhooks.receive.WebhookInbox}, and the registration of {@code @WebhookHandler} bean methods.
 */
@NullMarked
package dev.webhooks.spring.receive;

import org.jspecify.annotations.NullMarked;
