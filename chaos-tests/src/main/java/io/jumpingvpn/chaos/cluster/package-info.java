/**
 * The cluster of a chaos run on this host, and the levers the nemeses pull: real {@code redis-server} processes
 * (testkit), one fault proxy per node between it and Redis, gateway node processes ({@link
 * io.jumpingvpn.chaos.cluster.NodeProcess}, started and ended by PID), one UDP relay per node between the agents and it
 * ({@link io.jumpingvpn.chaos.cluster.UdpRelay}), and, when running as root, a network namespace per node where
 * iptables can cut it off from Redis ({@link io.jumpingvpn.chaos.cluster.NetNamespace}).
 *
 * <p>Everything started here is stopped by {@link io.jumpingvpn.chaos.cluster.ChaosCluster#close()}. Nothing here
 * decides when a fault happens (the nemesis does) or writes history (the recording does).
 */
package io.jumpingvpn.chaos.cluster;
