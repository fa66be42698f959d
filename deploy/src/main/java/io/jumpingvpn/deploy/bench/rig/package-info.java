/**
 * What the gateway benchmarks share: a temporary key directory, an in-process gateway on the in-memory store, a raw
 * client link built from the protocol module alone (no agent code), the handshake over it, latency summaries, CPU
 * accounting and the JSON output. Nothing here decides whether a figure is good enough.
 */
package io.jumpingvpn.deploy.bench.rig;
