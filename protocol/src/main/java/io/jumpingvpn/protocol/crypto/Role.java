package io.jumpingvpn.protocol.crypto;

/** Which end of an attachment this side is. Decides which traffic key seals and which opens. */
public enum Role {
    AGENT,
    GATEWAY;

    /** The direction byte of frames this role sends (part of the AEAD associated data). */
    public int sendingDirection() {
        return this == AGENT ? 0x01 : 0x02;
    }

    /** The direction byte of frames this role receives. */
    public int receivingDirection() {
        return this == AGENT ? 0x02 : 0x01;
    }
}
