/**
 * {@code jvpn bench idle-load}: what idle sessions cost the store. Three gateway nodes in this process on one Redis hold
 * many sessions kept alive by a raw heartbeat client; Redis's own command counts over a window, per node and second,
 * are set next to what the node leases alone should cost.
 */
package io.jumpingvpn.deploy.bench.cluster.idle;
