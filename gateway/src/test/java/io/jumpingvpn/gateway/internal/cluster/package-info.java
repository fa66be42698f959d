/** Unit tests of the cluster procedures' pure parts: which sessions a membership change moves, and sticky births. */
package io.jumpingvpn.gateway.internal.cluster;
