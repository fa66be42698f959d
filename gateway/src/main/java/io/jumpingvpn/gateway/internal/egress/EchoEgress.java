package io.jumpingvpn.gateway.internal.egress;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reflects every payload back through the tunnel, on the thread that received it: no copy, no socket. */
public final class EchoEgress implements Egress {

    @Override
    public CompletionStage<EgressPort> open(String sessionId, PayloadSink toAgent) {
        return CompletableFuture.completedFuture(new EgressPort() {
            private volatile boolean closed;

            @Override
            public boolean send(ByteBuffer payload) {
                if (closed) {
                    return false;
                }
                toAgent.deliver(payload);
                return true;
            }

            @Override
            public void close() {
                closed = true;
            }
        });
    }

    @Override
    public void close() {}
}
