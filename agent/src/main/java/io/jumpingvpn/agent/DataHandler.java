package io.jumpingvpn.agent;

import java.nio.ByteBuffer;

/**
 * Receives the payload of every DATA frame the agent accepted from the gateway, on the agent's event-loop thread (in
 * addition to the local UDP forward, if one is configured). {@code payload} is read-only and valid only during the
 * call: copy what you keep. Must return quickly; an exception is logged and otherwise ignored.
 */
@FunctionalInterface
public interface DataHandler {

    DataHandler NONE = payload -> {};

    void onData(ByteBuffer payload);
}
