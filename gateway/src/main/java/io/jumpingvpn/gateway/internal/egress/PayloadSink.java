package io.jumpingvpn.gateway.internal.egress;

import java.nio.ByteBuffer;

/** Takes a reply payload towards the agent. {@code payload} is valid only during the call. */
@FunctionalInterface
public interface PayloadSink {
    void deliver(ByteBuffer payload);
}
