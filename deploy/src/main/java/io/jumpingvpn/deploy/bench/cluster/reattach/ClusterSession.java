package io.jumpingvpn.deploy.bench.cluster.reattach;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.Channel;

/**
 * One benchmark session as its client knows it: id, the version it last had confirmed, the last nonce it sent, the node
 * that owns it, and its current transport (kept open, as an agent keeps its socket). {@code certain} is false after a
 * request whose outcome stayed unknown, until a verified answer says the version again. Touched by one client thread.
 */
final class ClusterSession {

    final String id;
    long version;
    long nonce;
    int owner;
    boolean certain = true;
    private Channel transport;

    ClusterSession(String id, long version, int owner, Channel transport) {
        this.id = requireNonNull(id, "id");
        this.version = version;
        this.owner = owner;
        this.transport = transport;
    }

    /** A reattach over {@code channel} was accepted: it is the session's transport now; the old one is closed. */
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
        }
    }
}
