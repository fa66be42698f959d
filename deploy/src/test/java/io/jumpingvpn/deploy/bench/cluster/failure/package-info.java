/** Unit tests of the node-failure benchmark's arithmetic. */
package io.jumpingvpn.deploy.bench.cluster.failure;
