package io.jumpingvpn.protocol.crypto;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.wire.SignedFrame;

/** A request the gateway accepted: the signed {@code reply} to send and the gateway side's {@code attachment}. */
public record Accepted<F extends SignedFrame>(F reply, Attachment attachment) {

    public Accepted {
        requireNonNull(reply, "reply");
        requireNonNull(attachment, "attachment");
    }
}
