/** The UDP and TCP pipelines in isolation, on Netty's {@code EmbeddedChannel}, in front of a real session service. */
package io.jumpingvpn.gateway.internal.transport;
