/** Unit tests of the lease proof over a hand-driven monotonic clock. */
package io.jumpingvpn.gateway.internal.lease;
