/**
 * {@code jvpn bench node-failure}: three {@code jvpn gateway} processes on one Redis, a thousand real agents in this
 * process attached to one of them, that node killed (SIGKILL) or silenced (SIGSTOP), and the time until the agents are
 * attached elsewhere and until their traffic flows again.
 */
package io.jumpingvpn.deploy.bench.cluster.failure;
