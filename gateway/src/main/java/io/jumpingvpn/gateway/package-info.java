/**
 * The embedding API of a gateway node: {@link io.jumpingvpn.gateway.Gateway#start} with a validated
 * {@link io.jumpingvpn.gateway.GatewayConfig}, a {@code SessionStore} and a Micrometer registry; the bound endpoints, the
 * node's lease, a read-only view of its sessions and the operator termination; its part in a cluster
 * ({@link io.jumpingvpn.gateway.ClusterSettings}) and the transfer procedures (migration, drain, failover, docs/cluster.md).
 * The CLI, the demo, end-to-end tests and the chaos runner use only this package, {@code audit} and {@code admin};
 * everything under {@code internal} may change at will. Nothing here knows which store implementation it runs on.
 */
package io.jumpingvpn.gateway;
