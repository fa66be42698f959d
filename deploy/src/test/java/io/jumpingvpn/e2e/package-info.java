/**
 * End-to-end tests of a session (issue 3): a real gateway ({@code Gateway.start}) on the in-memory store and a real
 * agent ({@code Agent.start}) on loopback, with real key files from {@code KeyDirectory.generate}. Nothing is mocked;
 * the only helper that bends reality is a store that loses writes like a failover to a lagging replica.
 */
package io.jumpingvpn.e2e;
