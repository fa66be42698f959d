/**
 * {@code jvpn demo}: a gateway and an agent on loopback, traffic through the tunnel, the agent's transport killed in
 * the middle, the reattach, and the traffic going on. Everything it shows is measured, nothing is scripted output.
 */
package io.jumpingvpn.deploy.demo;
