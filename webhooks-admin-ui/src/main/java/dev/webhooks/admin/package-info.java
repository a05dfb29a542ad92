/**
 * Admin pages for hooks, deliveries and attempts. They use the same services as the REST API and the Actuator
 * operations, never SQL of their own.
 */
package dev.webhooks.admin;
