/** {@code jvpn agent}: runs one agent session until it ends or is told to stop. */
package io.jumpingvpn.deploy.agent;
