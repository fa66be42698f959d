package io.jumpingvpn.deploy.bench.reattach;

import java.io.IOException;
import java.nio.channels.Channel;

/**
 * One benchmark session as the raw client knows it: its id, the version its last accepted reattach (or handshake)
 * reached, the last nonce it sent, its current transport (kept open, as an agent keeps its socket) and whether a
 * reattach is in flight. Touched by the client's one thread only.
 */
final class ReattachSession {

    final String id;
    long version;
    long nonce;
    boolean busy;
    private AutoCloseable transport;

    ReattachSession(String id, long version, AutoCloseable transport) {
        this.id = id;
        this.version = version;
        this.transport = transport;
    }

    /** The reattach over {@code channel} was accepted: it is the session's transport now; the old one is closed. */
    void replaceTransport(Channel channel) {
        closeTransport();
        transport = channel;
    }

    void closeTransport() {
        var current = transport;
        transport = null;
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (IOException ignored) {
            // a socket that fails to close is gone anyway
        } catch (Exception e) {
            throw new IllegalStateException("closing a benchmark transport failed", e);
        }
    }
}
