/**
 * Test fixtures: a raw test agent built from the protocol module (it can craft any request), a gateway fixture on the
 * in-memory store with real keys, a store wrapper that injects store faults (unavailable, unknown outcomes, lost
 * state) around a real in-memory store, and a recording audit sink. No production code may use this package.
 */
package io.jumpingvpn.gateway.testing;
