/**
 * {@code jvpn bench reattach}: reattach latency on loopback against an in-process gateway, from a raw client that
 * issues reattaches on an open-loop schedule, each over a new socket, and measures request sent to ACK verified.
 */
package io.jumpingvpn.deploy.bench.reattach;
