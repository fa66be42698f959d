/**
 * The node lease: registration with a fresh epoch, renewal every third of the lease, and the lease proof on the
 * monotonic clock that every forwarded frame checks. Talks to the store only through {@code SessionStore}.
 */
package io.jumpingvpn.gateway.internal.lease;
