/**
 * Baselines that our benchmarks are compared against in the same run, and what they need set up: Redisson's lock, and
 * the sessions on which {@code redis-benchmark} runs the store's own reattach script (created and checked through the
 * Redis store). Nothing here is shipped in the {@code jvpn} distribution; Redisson in particular is a benchmark-only
 * dependency.
 */
package io.jumpingvpn.benchmarks;
