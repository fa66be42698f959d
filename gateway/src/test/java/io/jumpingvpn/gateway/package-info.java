/**
 * Integration tests of the gateway over real sockets on loopback, with real keys and the in-memory store, and unit
 * tests of the public configuration types.
 */
package io.jumpingvpn.gateway;
