/** {@code jvpn chaos ...}: thin commands over the chaos tooling of the {@code chaos-tests} module. */
package io.jumpingvpn.deploy.chaos;
