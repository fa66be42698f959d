package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.SessionTerms;
import io.jumpingvpn.protocol.wire.WireFormat;

/**
 * The result of a successful handshake or reattach on one side: session {@code sessionId} is attached at
 * {@code version} (the attachment version every sealed frame of this attachment carries), under {@code keys}, with the
 * gateway's {@code terms}. Build a {@code io.jumpingvpn.protocol.channel.SecureChannel} from it; the channel takes
 * the side from {@link #role()}.
 */
public final class Attachment {

    private final Role role;
    private final String sessionId;
    private final long version;
    private final SessionTerms terms;
    private final TrafficKeys keys;

    Attachment(Role role, String sessionId, long version, SessionTerms terms, TrafficKeys keys) {
        this.role = requireNonNull(role, "role");
        this.sessionId = WireFormat.checkSessionId(sessionId);
        if (version < 1) {
            throw new IllegalArgumentException("attachment version must be >= 1, got " + version);
        }
        this.version = version;
        this.terms = requireNonNull(terms, "terms");
        this.keys = requireNonNull(keys, "keys");
    }

    public Role role() {
        return role;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The state_version committed by this attachment's handshake or reattach. */
    public long version() {
        return version;
    }

    public SessionTerms terms() {
        return terms;
    }

    public TrafficKeys keys() {
        return keys;
    }

    @Override
    public String toString() {
        return "Attachment[" + role + ", session=" + sessionId + ", version=" + version + "]";
    }
}
