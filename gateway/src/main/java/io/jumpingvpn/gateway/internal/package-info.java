/**
 * The gateway's machinery, not API: transports, the session service, flood defence, egress, the node lease, the
 * history file, metrics and the bounded writer queue. Only {@code io.jumpingvpn.gateway} and its {@code audit} package
 * are public; nothing outside this module may use these packages.
 */
package io.jumpingvpn.gateway.internal;
