/** Unit tests of the node history file's lines. */
package io.jumpingvpn.gateway.internal.history;
