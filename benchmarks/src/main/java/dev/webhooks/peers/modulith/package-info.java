/**
 * The peer of the end-to-end figure: the same orders sent with Spring Modulith's event publication registry (JDBC,
 * same PostgreSQL) and an {@code @ApplicationModuleListener} that posts the same signed JSON with the same OkHttp
 * client, as a team would build it without this library. Kept outside {@code dev.webhooks.benchmarks} so that the
 * benchmark applications do not scan it.
 */
package dev.webhooks.peers.modulith;
