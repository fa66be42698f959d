/**
 * The embedding API of a gateway node: {@link io.jumpingvpn.gateway.Gateway#start} with a validated
 * {@link io.jumpingvpn.gateway.GatewayConfig}, a {@code SessionStore} and a Micrometer registry; the bound endpoints, the
 * node's lease, a read-only view of its sessions and the operator termination. The CLI, the demo, end-to-end tests and
 * the chaos runner use only this package and {@code audit}; everything under {@code internal} may change at will. Nothing
 * here knows which store implementation it runs on.
 */
package io.jumpingvpn.gateway;
