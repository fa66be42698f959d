/**
 * What the cluster benchmarks share: three gateway nodes in this process on one Redis ({@link ClusterRig}), and Redis's
 * own count of the commands it ran ({@link RedisCommandStats}, from {@code INFO commandstats}). The benchmarks
 * themselves live in the packages next to this one; nothing here decides whether a figure is good enough.
 */
package io.jumpingvpn.deploy.bench.cluster;
