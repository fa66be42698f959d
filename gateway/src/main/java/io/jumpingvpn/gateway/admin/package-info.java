/**
 * The admin API of a node (docs/admin.md): its own HTTP port, loopback by default, every request authenticated by a
 * bearer token from a file ({@link io.jumpingvpn.gateway.admin.AdminTokens}); list and inspect sessions, terminate one,
 * drain the node, migrate sessions, fail over a dead node, list the nodes and their leases; under sticky routing, change
 * the membership list and take a session another member hands over, whose client side ({@link
 * io.jumpingvpn.gateway.admin.PeerImporter}) lives here too. Everything goes through the
 * public {@link io.jumpingvpn.gateway.Gateway} API; every action is audited with the operator identity. Nothing here
 * touches the data path.
 */
package io.jumpingvpn.gateway.admin;
