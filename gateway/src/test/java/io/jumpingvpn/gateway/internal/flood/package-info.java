/** Unit tests of the flood defence over a hand-driven monotonic clock. */
package io.jumpingvpn.gateway.internal.flood;
