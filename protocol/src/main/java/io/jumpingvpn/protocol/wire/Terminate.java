package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.TerminationCode;

/**
 * Either side: the session is terminated with {@code code}. {@code version} is the sender's confirmed state_version
 * when it terminated. Sent inside the attachment (sealed); a session whose transport is dead learns of its termination
 * from the REATTACH_REJECT its next reattach gets.
 */
public record Terminate(TerminationCode code, long version) implements TunnelMessage {

    public Terminate {
        requireNonNull(code, "code");
        WireFormat.checkVersion(version, "version");
    }

    @Override
    public MessageType type() {
        return MessageType.TERMINATE;
    }
}
