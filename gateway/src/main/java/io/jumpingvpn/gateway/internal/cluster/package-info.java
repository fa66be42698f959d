/**
 * Node-level cluster procedures on top of the session service: the live peers (the store's node leases joined with the
 * static membership list), migration of sessions to another node, the drain on shutdown, the failover of a dead node,
 * each audited with the operator who asked; sticky routing's membership list, rendezvous owners, births, membership
 * changes and drain. Single sessions are moved by the session service, in their lanes; nothing here touches a
 * session's state.
 */
package io.jumpingvpn.gateway.internal.cluster;
