package io.jumpingvpn.protocol.wire;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.RejectCode;
import java.util.OptionalLong;

/**
 * Gateway to agent: the reattach was refused and changed nothing. Signed by the gateway cluster key over the
 * transcript, so it is bound to the request it answers. {@code currentVersion} is present exactly for the codes that
 * {@linkplain RejectCode#carriesCurrentVersion() carry it}; the agent may retry at that version.
 */
public record ReattachReject(
        String sessionId, long nonce, RejectCode code, OptionalLong currentVersion, Signature signature)
        implements Frame, SignedFrame {

    public ReattachReject {
        WireFormat.checkSessionId(sessionId);
        WireFormat.checkVersion(nonce, "nonce");
        requireNonNull(code, "code");
        requireNonNull(currentVersion, "currentVersion");
        requireNonNull(signature, "signature");
        if (currentVersion.isPresent() != code.carriesCurrentVersion()) {
            throw new IllegalArgumentException(code
                    + (code.carriesCurrentVersion() ? " carries the current version" : " carries no current version"));
        }
        currentVersion.ifPresent(version -> WireFormat.checkVersion(version, "currentVersion"));
    }

    @Override
    public MessageType type() {
        return MessageType.REATTACH_REJECT;
    }
}
