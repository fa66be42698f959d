/**
 * Cluster tests of issue 4 against a real redis-server (the testkit fixture): gateway nodes in this JVM and as
 * {@code jvpn gateway} processes, real agents, node history files checked by the chaos checker. Processes a test starts
 * are stopped by PID in its {@code finally}.
 */
package io.jumpingvpn.cluster;
