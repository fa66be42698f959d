/**
 * One gateway node of a chaos run, as its own process: {@link io.jumpingvpn.chaos.node.ChaosNode} builds a
 * {@code GatewayConfig} and a Redis store from its arguments, runs {@code Gateway.start}, writes the node history file,
 * reports its endpoint on standard output and takes commands (a clock offset) on standard input.
 *
 * <p>The test-only unsafe modes ({@link io.jumpingvpn.chaos.node.UnsafeMode}) live here and only here: a production node
 * ({@code jvpn gateway}) cannot reach them. Nothing here starts processes or injects faults; that is the runner's.
 */
package io.jumpingvpn.chaos.node;
