/**
 * {@code jvpn bench dataplane}: payload throughput, packets per second and round trips through a gateway with the
 * {@code echo} egress, next to a plain Netty UDP echo measured in the same process with the same load generator.
 */
package io.jumpingvpn.deploy.bench.dataplane;
