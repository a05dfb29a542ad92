/**
 * Benchmarks. Each reports its figure beside the limit measured in the same run (the same work without the
 * library), so results read as ratios that hold across machines. Results live in {@code docs/benchmarks.md}.
 */
package dev.webhooks.benchmarks;
