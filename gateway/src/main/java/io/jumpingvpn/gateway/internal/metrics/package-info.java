/**
 * The gateway's Micrometer meters, registered once and held as fields so that the data path only increments counters.
 * Names use dots ({@code jvpn.gateway.frames.received}); a Prometheus registry renders them with units and
 * {@code _total}. Nothing here decides anything.
 */
package io.jumpingvpn.gateway.internal.metrics;
