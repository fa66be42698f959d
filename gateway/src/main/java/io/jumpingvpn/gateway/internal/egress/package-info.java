/**
 * Where tunnelled payloads go: {@code echo} (straight back through the tunnel) and {@code udp} forwarding (a connected
 * UDP socket per session). An egress knows payloads and a callback to the agent, never frames, keys or the store.
 */
package io.jumpingvpn.gateway.internal.egress;
