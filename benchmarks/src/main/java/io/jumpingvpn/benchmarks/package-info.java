/**
 * Baselines that our benchmarks are compared against in the same run. Nothing here is shipped in the {@code jvpn}
 * distribution; Redisson in particular is a benchmark-only dependency.
 */
package io.jumpingvpn.benchmarks;
