/**
 * {@code jvpn bench cluster-reattach}: reattach throughput and latency through three gateway nodes on one Redis, from
 * raw protocol clients (closed loop), uncontended and with contenders, next to the store-only benchmark on the same
 * Redis in the same run.
 */
package io.jumpingvpn.deploy.bench.cluster.reattach;
