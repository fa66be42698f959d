package io.jumpingvpn.gateway.internal.egress;

import java.util.concurrent.CompletionStage;

/** Opens a port per session. */
public interface Egress extends AutoCloseable {

    /**
     * A port for session {@code sessionId} whose replies go to {@code toAgent}. The stage completes once the port can
     * send (a UDP socket bound and connected), exceptionally if it cannot be opened.
     */
    CompletionStage<EgressPort> open(String sessionId, PayloadSink toAgent);

    @Override
    void close();
}
