/**
 * Test support shared with the other modules through the test jar: real databases and services for tests.
 */
package dev.webhooks.testing;
