/**
 * The workload of a chaos run, in the runner's process: real agents ({@link io.jumpingvpn.chaos.workload.AgentFleet})
 * with continuous traffic, transport kills (NAT rebindings: a new source port), moves to random nodes and rebinds,
 * each agent's control-plane requests recorded as operations ({@link io.jumpingvpn.chaos.workload.AgentRecorder}); and
 * "racer" sessions driven by a raw client ({@link io.jumpingvpn.chaos.workload.Racer}) that reattaches one session at
 * several nodes at once and replays captured requests at other nodes.
 *
 * <p>Everything here reaches the nodes only over the network (their relays), as a black box. Nothing here injects
 * faults or judges the outcome.
 */
package io.jumpingvpn.chaos.workload;
