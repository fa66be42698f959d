/** {@code jvpn gateway}: runs one gateway node until it is told to stop. */
package io.jumpingvpn.deploy.gateway;
