/** Test support shared by the protocol tests: the vector file reader and a replayable randomness source. */
package io.jumpingvpn.protocol.testing;
