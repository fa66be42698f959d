/**
 * Test fixtures for the agent's integration tests: a scripted gateway on real loopback sockets built from the protocol
 * module's gateway-side crypto, fresh real keys, and an event recorder. No mocks: the agent under test talks to these
 * exactly as to a gateway.
 */
package io.jumpingvpn.agent.testing;
