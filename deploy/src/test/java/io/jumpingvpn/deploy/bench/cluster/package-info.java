/** Unit tests of what the cluster benchmarks share: reading Redis's INFO replies. */
package io.jumpingvpn.deploy.bench.cluster;
